import { InvalidArgumentError } from 'commander';

/** Parses a whole number >= min (default 1) and <= max (default none); the error says what was expected. */
export function parseInteger(text: string, min = 1, max = Number.POSITIVE_INFINITY): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
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
