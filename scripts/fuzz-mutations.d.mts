/**
 * A fast-check arbitrary (`fc.Arbitrary<Uint8Array>`; cast it) of mutations of `valid`: a truncation, bytes set to
 * random values, or bytes inserted. `check` is the caller's fast-check.
 */
export function byteMutations(
  check: unknown,
  valid: Uint8Array,
  options?: { maxEdits?: number; maxInsert?: number },
): unknown;
