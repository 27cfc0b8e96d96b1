import { CPU_FUSED_MATMUL_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, fusedActivation, LEAKY_ALPHA } from '../activations';
import { activationGrad, biasActivation, hasFastBiasGrad } from './bias-activation';
import { ensureTrainingKernel } from './kernels';

/**
 * The op behind `trainingDense`: the backend's _FusedMatMul forward (aecnn's cpu GEMM where registered: same
 * inputs and attrs, ~4x faster than cpu's matMul), our gradient.
 */
const GRADIENT: tf.GradConfig = {
  kernelName: 'AecnnDenseTraining',
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [a3, b3, y3] = saved as [Tensor, Tensor, Tensor];
    const [, rows, features] = a3.shape as [number, number, number];
    const units = b3.shape[2]!;
    const x = tf.reshape(a3, [rows, features]) as Tensor2D;
    const w = tf.reshape(b3, [features, units]) as Tensor2D;
    const dz = tf.reshape(activationGrad(dy as Tensor, y3, attrs.activation as ActivationName), [
      rows,
      units,
    ]) as Tensor2D;
    return {
      // NOTE: wasm's matMul packs its right operand: (w · dzᵀ)ᵀ packs dz, dz · wᵀ packs all of w (2x slower
      // for the article's [64, 5408] x [5408, 64] layer).
      a: () =>
        tf.reshape(
          w.size > dz.size ? tf.transpose(tf.matMul(w, dz, false, true)) : tf.matMul(dz, w, false, true),
          a3.shape,
        ),
      b: () => tf.reshape(tf.matMul(x, dz, true, false), b3.shape),
      bias: () => tf.sum(dz, 0),
    };
  },
};

/**
 * act(x · kernel + bias) for training, x [rows, features], as one op: the backend's fused matMul forward (bias and
 * activation in the same pass), and a gradient that computes dz = dL/d(x · kernel + bias) once and each input's
 * gradient only when needed. Activations other than relu, sigmoid and linear take the plain ops.
 */
export function trainingDense(
  x: Tensor2D,
  kernel: Tensor2D,
  bias: Tensor | undefined,
  act: ActivationName,
): Tensor2D {
  if (!hasFastBiasGrad(act)) return biasActivation(tf.matMul(x, kernel), bias, act) as Tensor2D;
  ensureTrainingKernel(GRADIENT, [CPU_FUSED_MATMUL_KERNEL, '_FusedMatMul'], 'dense');
  const [rows, features] = x.shape;
  const units = kernel.shape[1];
  const a = tf.reshape(x, [1, rows, features]);
  const b = tf.reshape(kernel, [1, features, units]);
  const inputs: tf.NamedTensorMap = bias ? { a, b, bias } : { a, b };
  const y = tf.engine().runKernel(GRADIENT.kernelName, inputs, {
    transposeA: false,
    transposeB: false,
    activation: fusedActivation(act)!,
    leakyreluAlpha: LEAKY_ALPHA,
  }) as Tensor;
  return tf.reshape(y, [rows, units]) as Tensor2D;
}
