/** A mistake in how the command was called (bad option value, conflicting options); exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit code for usage errors (commander's parse errors and UsageError), as in most Unix tools. */
export const USAGE_EXIT_CODE = 2;
