import { checkKeys, checkSeed } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkRange, type Seeded } from './check';

/** The option keys of `saltAndPepper`. */
export const SALT_AND_PEPPER_KEYS: readonly string[] = ['amount', 'saltRatio', 'seed'];

/** Options of `saltAndPepper`. */
export interface SaltAndPepperOptions extends Seeded {
  /** Fraction of pixels replaced. */
  readonly amount: number;
  /** Share of those set to 1 (salt) rather than 0 (pepper); default 0.5. */
  readonly saltRatio?: number;
}

/** Sets a seeded random `amount` of pixels (all channels of each) to 1 or 0; returns a new tensor. */
export function saltAndPepper(x: tf.Tensor4D, options: SaltAndPepperOptions): tf.Tensor4D {
  checkBatch(x, 'saltAndPepper');
  checkKeys(options ?? {}, SALT_AND_PEPPER_KEYS, 'saltAndPepper');
  const amount = checkRange(options?.amount, 'saltAndPepper', 'amount', 0, 1);
  const saltRatio = checkRange(options.saltRatio ?? 0.5, 'saltAndPepper', 'saltRatio', 0, 1);
  const seed = checkSeed('saltAndPepper', options.seed);
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    const u = tf.randomUniform([b, h, w, 1], 0, 1, 'float32', seed);
    const salt = tf.less(u, amount * saltRatio);
    const pepper = tf.logicalAnd(tf.logicalNot(salt), tf.less(u, amount));
    const shape = x.shape;
    const withSalt = tf.where(tf.broadcastTo(salt, shape), tf.onesLike(x), x);
    return tf.where(tf.broadcastTo(pepper, shape), tf.zerosLike(x), withSalt);
  });
}
