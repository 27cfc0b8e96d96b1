import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, fusedActivation, LEAKY_ALPHA } from './activations';
import { activationGrad, biasActivation, biasGrad, hasFastBiasGrad } from './bias-activation';
import type { Padding } from './conv-shape';

/** Largest kh·kw·inC for which the kernel gradient goes through patches: that many values per output position. */
export const PATCH_GRAD_MAX_DEPTH = 32;

/** The one-hot depthwise filter [kh, kw, inC, kh·kw]: channel c·taps + t of its output is tap t of channel c. */
function tapFilter(kh: number, kw: number, inC: number): Tensor4D {
  const taps = kh * kw;
  const values = new Float32Array(taps * inC * taps);
  for (let t = 0; t < taps; t++) for (let c = 0; c < inC; c++) values[(t * inC + c) * taps + t] = 1;
  return tf.tensor4d(values, [kh, kw, inC, taps]);
}

/**
 * dL/dkernel of conv2d(x, kernel) from dz = dL/dy: the input patches (a depthwise conv with a one-hot filter,
 * so exact copies) transposed times dz, one matMul.
 * NOTE: on wasm the Conv2DBackpropFilter kernel (a swapped-axes conv) took ~24-58 ms for the article's first conv
 * ([64, 28, 28, 1] → 32 filters); this took ~3 ms (depthwise 1.3 ms, [9, 43264] x [43264, 32] matMul 1.8 ms).
 */
export function patchKernelGrad(
  x: Tensor4D,
  dz: Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: [number, number],
  padding: Padding,
): Tensor4D {
  const [kh, kw, inC, outC] = kernelShape;
  const patches = tf.depthwiseConv2d(x, tapFilter(kh, kw, inC), strides, padding);
  const rows = dz.size / outC;
  const dw = tf.matMul(
    tf.reshape(patches, [rows, inC * kh * kw]) as Tensor2D,
    tf.reshape(dz, [rows, outC]) as Tensor2D,
    true,
    false,
  );
  return (
    inC === 1
      ? tf.reshape(dw, [kh, kw, 1, outC])
      : tf.transpose(tf.reshape(dw, [inC, kh, kw, outC]), [1, 2, 0, 3])
  ) as Tensor4D;
}

/**
 * act(conv2d(x, kernel) + bias) for training (stride any, dilation 1), as fast as the wasm backend allows:
 * - a shallow input (kh·kw·inC <= PATCH_GRAD_MAX_DEPTH, e.g. a first layer on images) runs as one op: the fused
 *   conv kernel forward, and a gradient with the kernel gradient from patches (`patchKernelGrad`), the bias
 *   gradient from `biasGrad`, and the input gradient as tf.conv2dTranspose;
 * - otherwise a plain conv (its gradient stays lazy: no input gradient unless the input needs one) followed by
 *   `biasActivation`.
 * Activations other than relu, sigmoid and linear take tfjs's own ops.
 */
export function trainingConv2d(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: Padding,
  act: ActivationName,
): Tensor {
  const [kh, kw, inC] = kernel.shape;
  if (!hasFastBiasGrad(act)) return biasActivation(tf.conv2d(x, kernel, strides, padding), bias, act);
  if (kh * kw * inC > PATCH_GRAD_MAX_DEPTH) {
    return biasActivation(tf.conv2d(x, kernel, strides, padding), bias, act);
  }
  const op = tf.customGrad(((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const [input, filter, b] = args.slice(0, -1) as [Tensor4D, Tensor4D, Tensor?];
    const inputs: tf.NamedTensorMap = b ? { x: input, filter, bias: b } : { x: input, filter };
    // NOTE: the kernel itself: tf.fused.conv2d does not fuse while a gradient is being recorded.
    const value = tf.engine().runKernel('FusedConv2D', inputs, {
      strides,
      pad: padding,
      dataFormat: 'NHWC',
      dilations: [1, 1],
      activation: fusedActivation(act)!,
      leakyreluAlpha: LEAKY_ALPHA,
    }) as Tensor4D;
    save([input, filter, value]);
    return {
      value,
      gradFunc: (dy: Tensor, [sx, sk, y]: Tensor[]) => {
        const dz = activationGrad(dy, y!, act) as Tensor4D;
        const dx = tf.conv2dTranspose(dz, sk as Tensor4D, (sx as Tensor4D).shape, strides, padding);
        const dk = patchKernelGrad(sx as Tensor4D, dz, kernel.shape, strides, padding);
        return bias ? [dx, dk, biasGrad(dz)] : [dx, dk];
      },
    };
  }) as never) as (...inputs: Tensor[]) => Tensor;
  return bias ? op(x, kernel, bias) : op(x, kernel);
}
