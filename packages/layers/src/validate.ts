// The one option validator of aecnn. Every check takes (where, name, value, ...bounds), returns the value when it
// is good and otherwise throws one message style: `conv2d (encoder.conv1): kernelSize must be an integer >= 1, got 0`.

/** Renders a value for an error message: strings quoted, lists as `[1, 2]`, plain objects as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return JSON.stringify(value);
  }
  return String(value);
}

/** An options error: `where: name must be <expected>, got <value>`, then an optional hint sentence. */
export function optionError(
  where: string,
  name: string,
  expected: string,
  got: unknown,
  hint?: string,
): Error {
  return new Error(`${where}: ${name} must be ${expected}, got ${showValue(got)}${hint ? `. ${hint}` : ''}`);
}

/** Whether `value` is an integer in [min, max]. */
export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** What an integer in [min, max] is called in messages: `an integer >= 1` or `an integer in [0, 9]`. */
export function intExpected(min: number, max: number): string {
  return max === Number.POSITIVE_INFINITY ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
}

/** Checks an integer in [min, max] (no upper bound by default); returns it. */
export function checkInt(
  where: string,
  name: string,
  value: unknown,
  min = 1,
  max = Number.POSITIVE_INFINITY,
): number {
  if (!isIntIn(value, min, max)) throw optionError(where, name, intExpected(min, max), value);
  return value;
}

/** Checks a list of integers >= min, non-empty unless `allowEmpty`; returns a copy. */
export function checkIntList(
  where: string,
  name: string,
  value: unknown,
  min = 1,
  allowEmpty = false,
): number[] {
  const ok =
    Array.isArray(value) &&
    (allowEmpty || value.length > 0) &&
    value.every((v) => isIntIn(v, min, Number.POSITIVE_INFINITY));
  if (!ok) {
    throw optionError(
      where,
      name,
      `${allowEmpty ? 'a list' : 'a non-empty list'} of integers >= ${min}`,
      value,
    );
  }
  return [...(value as number[])];
}

/** Checks a rate in [0, 1) (dropout, momentum); returns it. */
export function checkRate(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw optionError(where, name, 'a number in [0, 1)', value);
  }
  return value;
}

/** Checks an integer seed of any sign (fractional seeds would silently collide after `| 0`); returns it. */
export function checkSeed(where: string, value: unknown): number {
  if (!isIntIn(value, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)) {
    throw optionError(where, 'seed', 'an integer', value);
  }
  return value;
}
