import { checkInt, optionError, type Shape } from '@aecnn/layers';

// Every factory checks its options here, once, before building anything, so that a bad option fails with
// one message that names the factory, the option, what was expected and what came.

/** Output activation of a reconstruction: `sigmoid` for data in [0, 1], `linear` for unbounded (standardised) data. */
export type OutputActivation = 'sigmoid' | 'linear';

/** How a decoder doubles its spatial size: a stride-2 transposed conv, or nearest upsampling then a conv. */
export type UpsampleMode = 'transpose' | 'upsample';

/** Checks a latent size (an integer >= 1). */
export function checkLatentDim(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw optionError(where, 'latentDim', 'an integer >= 1 (the size of the latent vector)', value);
  }
  return value;
}

/** Checks a class count (an integer >= 2: one class needs no classifier). */
export function checkClasses(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) {
    throw optionError(where, 'classes', 'an integer >= 2', value, 'A classifier needs at least two classes');
  }
  return value;
}

/** Checks a non-negative finite number (a noise standard deviation). */
export function checkNonNegative(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw optionError(where, name, 'a finite number >= 0', value);
  }
  return value;
}

/** Checks an input shape without batch: positive integers; `rank` 3 means [height, width, channels]. */
export function checkInputShape(where: string, value: unknown, rank?: 3): number[] {
  const ok =
    Array.isArray(value) &&
    value.length >= 1 &&
    (rank === undefined || value.length === rank) &&
    value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (!ok) {
    const expected =
      rank === 3
        ? '[height, width, channels] of integers >= 1 (no batch dimension)'
        : 'a list of integers >= 1';
    throw optionError(where, 'inputShape', expected, value, rank === 3 ? 'e.g. [28, 28, 1]' : undefined);
  }
  return [...(value as number[])];
}

/** Checks a square kernel size against the spatial size it will slide over. */
export function checkKernelFits(where: string, kernelSize: number, shape: Shape, layer: string): void {
  const [h, w] = shape;
  if (h === undefined || w === undefined || kernelSize > h || kernelSize > w) {
    throw new Error(
      `${where}: kernelSize ${kernelSize} is larger than the ${h}x${w} input of ${layer}; ` +
        `use a smaller kernelSize or fewer downsampling stages`,
    );
  }
}

/** Checks one of a fixed set of strings. */
export function checkOneOf<T extends string>(
  where: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw optionError(where, name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
  return value as T;
}

/**
 * The reconstruction output that fits data in [min, max]: `sigmoid` when the data lies in [0, 1] (pixels
 * scaled by 1/255), `linear` otherwise (standardised or raw values a sigmoid could never reach).
 */
export function outputForRange(min: number, max: number): OutputActivation {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new Error(`outputForRange: expected finite min <= max, got min ${min}, max ${max}`);
  }
  return min >= 0 && max <= 1 ? 'sigmoid' : 'linear';
}

/** `{ seed }` checked (an integer >= 0) when a seed is given, else `{}`: spread into a resolved config. */
export function seedOption(where: string, seed: unknown): { seed?: number } {
  return seed !== undefined ? { seed: checkInt(where, 'seed', seed, 0) } : {};
}

/** The output activation of a decoder: 'sigmoid' (default, images in [0, 1]) or 'linear'. */
export function checkOutput(where: string, output: unknown): 'sigmoid' | 'linear' {
  return checkOneOf(where, 'output', output ?? 'sigmoid', ['sigmoid', 'linear'] as const);
}
