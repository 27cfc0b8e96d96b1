import { checkKeys, checkSeed } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkRange, type Seeded } from './check';

/** The option keys of `randomMask`. */
export const RANDOM_MASK_KEYS: readonly string[] = ['rate', 'value', 'seed'];

/** Options of `randomMask`. */
export interface RandomMaskOptions extends Seeded {
  /** Probability that a pixel (all its channels) is masked. */
  readonly rate: number;
  /** Value of masked pixels; default 0. */
  readonly value?: number;
}

/** Masks each pixel with probability `rate` (masking noise for denoising autoencoders); returns a new tensor. */
export function randomMask(x: tf.Tensor4D, options: RandomMaskOptions): tf.Tensor4D {
  checkBatch(x, 'randomMask');
  checkKeys(options ?? {}, RANDOM_MASK_KEYS, 'randomMask');
  const rate = checkRange(options?.rate, 'randomMask', 'rate', 0, 1);
  const value = checkRange(options.value ?? 0, 'randomMask', 'value', 0, 1);
  const seed = checkSeed('randomMask', options.seed);
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    const masked = tf.less(tf.randomUniform([b, h, w, 1], 0, 1, 'float32', seed), rate);
    return tf.where(tf.broadcastTo(masked, x.shape), tf.fill(x.shape, value), x);
  });
}
