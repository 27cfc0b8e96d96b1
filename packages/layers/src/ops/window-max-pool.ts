import { WINDOW_MAX_GRAD_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from './kernels';

/**
 * Max pooling over non-overlapping windows (strides = poolSize, valid padding) with a gradient built from
 * broadcast arithmetic and one more max pool instead of the MaxPoolGrad kernel. Each window's gradient goes to
 * its first maximum (row-major), the rule TensorFlow's MaxPoolGrad follows. The forward value is tf.maxPool's.
 * NOTE: on the wasm backend the MaxPoolGrad kernel took ~90% of a training step of the article's classifier; an
 * argMax over transposed windows was 7x faster, and this form (no transpose, no argMax, no equal, whose
 * broadcasting path is slow on wasm) is 2-5x faster again.
 */
export function windowMaxPool(x: Tensor4D, [ph, pw]: readonly [number, number]): Tensor4D {
  // NOTE: customGrad's typings want (...inputs: Array<Tensor | GradSaveFunc>); the cast keeps ours readable.
  const pool = tf.customGrad(((input: Tensor, save: tf.GradSaveFunc) => {
    const value = tf.maxPool(input as Tensor4D, [ph, pw], [ph, pw], 'valid');
    save([input, value]);
    return {
      value,
      gradFunc: (dy: Tensor, [saved, max]: Tensor[]) =>
        windowMaxGrad(saved as Tensor4D, max as Tensor4D, dy as Tensor4D, ph, pw),
    };
  }) as never);
  return pool(x as never) as Tensor4D;
}

/** [1, ph, 1, pw, 1] priorities ph·pw, ..., 1 in row-major window order: the first maximum has the highest. */
function priorities(ph: number, pw: number): Tensor {
  const p = Float32Array.from({ length: ph * pw }, (_, i) => ph * pw - i);
  return tf.tensor(p, [1, ph, 1, pw, 1]);
}

function windowMaxGrad(x: Tensor4D, max: Tensor4D, dy: Tensor4D, ph: number, pw: number): Tensor4D {
  const [b, h, w, c] = x.shape;
  // NOTE: the wasm kernel (SIMD, 4 channels at a time) takes ~1.2 ms for [64, 26, 26, 32]; the ops below ~5 ms.
  if (c % 4 === 0 && x.dtype === 'float32' && hasKernel(WINDOW_MAX_GRAD_KERNEL)) {
    return tf.engine().runKernel(WINDOW_MAX_GRAD_KERNEL, { x, dy }, { poolSize: [ph, pw] }) as Tensor4D;
  }
  const [, oh, ow] = dy.shape;
  // valid padding drops the rows and columns that do not fill a window
  const used = oh * ph === h && ow * pw === w ? x : tf.slice(x, [0, 0, 0, 0], [b, oh * ph, ow * pw, c]);
  // Windows as [b·oh, ph, ow, pw, c]; one value per window broadcasts as [b·oh, 1, ow, 1, c].
  const windows = tf.reshape(used, [b * oh, ph, ow, pw, c]);
  const perWindow = (t: Tensor) => tf.reshape(t, [b * oh, 1, ow, 1, c]);
  // max - x >= 0 is 0 exactly at the maxima: isMax = 1 - step(max - x), in {0, 1}.
  const isMax = tf.sub(1, tf.step(tf.sub(perWindow(max), windows)));
  // Maxima take their priority, the rest 0; the window's best priority marks its first maximum. The scores are
  // small integers, so relu(1 - (best - score)) is exactly 1 there and 0 elsewhere.
  const score = tf.mul(isMax, priorities(ph, pw));
  const best = tf.maxPool(
    tf.reshape(score, [b, oh * ph, ow * pw, c]) as Tensor4D,
    [ph, pw],
    [ph, pw],
    'valid',
  );
  // NOTE: [b·oh, 1, ow, 1, c] - [b·oh, ph, ow, pw, c] is fast on wasm; the other operand order was ~10x slower.
  const first = tf.relu(tf.sub(1, tf.sub(perWindow(best), score)));
  const dx = tf.reshape(tf.mul(first, perWindow(dy)), [b, oh * ph, ow * pw, c]) as Tensor4D;
  return used === x
    ? dx
    : tf.pad(dx, [
        [0, 0],
        [0, h - oh * ph],
        [0, w - ow * pw],
        [0, 0],
      ]);
}
