import { checkKeys, checkSeed } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkRange, type Seeded } from './check';

/** The option keys of `gaussianNoise`. */
export const GAUSSIAN_NOISE_KEYS: readonly string[] = ['std', 'clip', 'seed'];

/** Options of `gaussianNoise`. */
export interface GaussianNoiseOptions extends Seeded {
  /** Standard deviation of the noise, in pixel units of [0, 1]. */
  readonly std: number;
  /** Clip the result to [0, 1]; default true. */
  readonly clip?: boolean;
}

/** Adds seeded gaussian noise to a batch [b, h, w, c] of pixels in [0, 1]; returns a new tensor. */
export function gaussianNoise(x: tf.Tensor4D, options: GaussianNoiseOptions): tf.Tensor4D {
  checkBatch(x, 'gaussianNoise');
  checkKeys(options ?? {}, GAUSSIAN_NOISE_KEYS, 'gaussianNoise');
  const std = checkRange(options?.std, 'gaussianNoise', 'std', 0, 10);
  const seed = checkSeed('gaussianNoise', options.seed);
  return tf.tidy(() => {
    const noisy = tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed));
    return ((options.clip ?? true) ? tf.clipByValue(noisy, 0, 1) : noisy) as tf.Tensor4D;
  });
}
