import { isIntIn } from '@aecnn/layers';
import { InvalidArgumentError } from 'commander';

// NOTE: a flag's value is parsed here and then held to the same rule as the library's options (`isIntIn`, the
// predicate of `checkInt`), but worded for the command line: commander already names the flag ("option '--epochs
// <n>' argument '0' is invalid."), so the message adds only what was expected, in the words of `--help`.

/** Parses a whole number >= min (default 1) and <= max (default none); the error says what was expected. */
export function parseInteger(text: string, min = 1, max = Number.POSITIVE_INFINITY): number {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (!isIntIn(n, min, max)) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
    throw new InvalidArgumentError(`expected a whole number ${range}, got '${text}'.`);
  }
  return n;
}

/** Parses a finite number > 0 (learning rates); the error says what was expected. */
export function parsePositive(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a number > 0 such as 0.001, got '${text}'.`);
  }
  return n;
}

/** Parses a finite number >= 0 (loss weights); the error says what was expected. */
export function parseNonNegative(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError(`expected a number >= 0 such as 1 or 0.5, got '${text}'.`);
  }
  return n;
}

/** Parses an image size `HxW` (e.g. `32x32`, each 1..4096) for commander; returns it as `HxW`. */
export function parseSize(text: string): string {
  sizeOf(text, (why) => new InvalidArgumentError(why));
  return text.trim().toLowerCase();
}

/** The height and width of an `HxW` size; `fail` makes the error (a usage error by default). */
export function sizeOf(
  text: string,
  fail: (why: string) => Error = (why) => new InvalidArgumentError(why),
): { height: number; width: number } {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(text);
  const [height, width] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || height < 1 || width < 1 || height > 4096 || width > 4096) {
    throw fail(`expected a size HxW such as 32x32 (each 1 to 4096), got '${text}'.`);
  }
  return { height, width };
}
