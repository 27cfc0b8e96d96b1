import type { Shape } from './module';

/** Formats a shape for error messages: `[28, 28, 1]`, or `[batch, 28, 28, 1]` with a batch dimension. */
export function formatShape(shape: readonly (number | null)[], batch = false): string {
  const dims = shape.map((d) => (d == null ? 'batch' : String(d)));
  return `[${batch ? ['batch', ...dims].join(', ') : dims.join(', ')}]`;
}

/** Whether two shapes are equal dimension by dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `kind (path)` prefix of every message about a module. */
export function where(kind: string, path: string): string {
  return path ? `${kind} (${path})` : kind;
}

/** Throws unless `shape` is a list of positive integers (a shape without batch). */
export function checkShape(shape: unknown, what: string): asserts shape is Shape {
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(
      `${what}: expected a shape without batch, a list of positive integers like [28, 28, 1], got ${JSON.stringify(shape)}`,
    );
  }
}

/** Throws at build time unless the input shape has `rank` dimensions; `expected` describes them. */
export function checkRank(
  kind: string,
  path: string,
  inputShape: Shape,
  rank: number,
  expected: string,
  hint = '',
): void {
  if (inputShape.length !== rank) {
    throw new Error(
      `${where(kind, path)}: expected input ${expected}, got ${formatShape(inputShape, true)}${hint ? `; ${hint}` : ''}`,
    );
  }
}

/** Normalises a number or pair to a pair of positive integers, naming the option when it is wrong. */
export function toPair(value: unknown, name: string, kind: string, min = 1): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min)) {
    throw new Error(
      `${kind}: ${name} must be an integer >= ${min} or a pair of them like [3, 3], got ${JSON.stringify(value)}`,
    );
  }
  return [pair[0], pair[1]];
}

/** Throws unless `value` is one of `choices`; returns it. */
export function toChoice<T extends string>(
  value: unknown,
  choices: readonly T[],
  name: string,
  kind: string,
): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new Error(`${kind}: ${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Throws unless `value` is a boolean; returns it. */
export function toBool(value: unknown, name: string, kind: string): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`${kind}: ${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** Edit distance between two strings (insertions, deletions, substitutions), for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name closest to `key` (case-insensitive edit distance at most a third of its length), if any. */
export function closestName(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/**
 * Throws if `options` has keys that `kind` does not know (a typo would otherwise be silently ignored), naming the
 * key, the closest known one and all of them: `fit: unknown option 'validationSplitt'; did you mean 'validationSplit'?`.
 */
export function checkKeys(options: object, known: readonly string[], kind: string): void {
  if (options == null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${kind}: expected an options object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    throw new Error(
      `${kind}: unknown option '${key}'; ${near ? `did you mean '${near}'? ` : ''}expected one of ${known.join(', ')}`,
    );
  }
}
