import type * as tf from '@tensorflow/tfjs-core';

/** Checks the batch an augmentation gets: rank 4, [batch, h, w, c]. */
export function checkBatch(x: tf.Tensor, where: string): tf.Tensor4D {
  if (x?.rank !== 4) {
    throw new Error(
      `${where}: expected a batch [batch, height, width, channels], got shape [${x?.shape?.join(', ')}]`,
    );
  }
  return x as tf.Tensor4D;
}

/** Checks a number option lies in [min, max]. */
export function checkRange(value: unknown, where: string, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new Error(`${where}: ${what} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Every augmentation is pure: the same batch and seed give the same output. */
export interface Seeded {
  /** Integer seed; pass a different one each step (e.g. mixSeeds(seed, epoch, step)). */
  readonly seed: number;
}
