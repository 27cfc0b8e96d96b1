import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Max pooling over non-overlapping windows (strides = poolSize, valid padding) with a gradient built from
 * argMax + oneHot instead of the MaxPoolGrad kernel. Each window's gradient goes to its first maximum, the
 * rule TensorFlow's MaxPoolGrad follows. The forward value is tf.maxPool's.
 * NOTE: on the wasm backend the MaxPoolGrad kernel took ~90% of a training step of the article's classifier;
 * these plain ops (reshape, transpose, argMax, oneHot) are fast on every backend.
 */
export function windowMaxPool(x: Tensor4D, [ph, pw]: readonly [number, number]): Tensor4D {
  // NOTE: customGrad's typings want (...inputs: Array<Tensor | GradSaveFunc>); the cast keeps ours readable.
  const pool = tf.customGrad(((input: Tensor, save: tf.GradSaveFunc) => {
    save([input]);
    const value = tf.maxPool(input as Tensor4D, [ph, pw], [ph, pw], 'valid');
    return {
      value,
      gradFunc: (dy: Tensor, [saved]: Tensor[]) => windowMaxGrad(saved as Tensor4D, dy as Tensor4D, ph, pw),
    };
  }) as never);
  return pool(x as never) as Tensor4D;
}

function windowMaxGrad(x: Tensor4D, dy: Tensor4D, ph: number, pw: number): Tensor4D {
  const [b, h, w, c] = x.shape;
  const [, oh, ow] = dy.shape;
  // valid padding drops the rows and columns that do not fill a window
  const used = oh * ph === h && ow * pw === w ? x : tf.slice(x, [0, 0, 0, 0], [b, oh * ph, ow * pw, c]);
  // [b, oh, ph, ow, pw, c] → [b, oh, ow, c, ph, pw] → one window per row
  const windows = tf.reshape(tf.transpose(tf.reshape(used, [b, oh, ph, ow, pw, c]), [0, 1, 3, 5, 2, 4]), [
    -1,
    ph * pw,
  ]);
  // NOTE: int32 oneHot then a cast: tfjs-backend-wasm 4.22's float32 oneHot writes int bit patterns (1 → 1.4e-45).
  const first = tf.cast(tf.oneHot(tf.argMax(windows, 1), ph * pw), 'float32');
  const spread = tf.mul(first, tf.reshape(dy, [-1, 1]));
  const back = tf.transpose(tf.reshape(spread, [b, oh, ow, c, ph, pw]), [0, 1, 4, 2, 5, 3]);
  const dx = tf.reshape(back, [b, oh * ph, ow * pw, c]) as Tensor4D;
  return used === x
    ? dx
    : tf.pad(dx, [
        [0, 0],
        [0, h - oh * ph],
        [0, w - ow * pw],
        [0, 0],
      ]);
}
