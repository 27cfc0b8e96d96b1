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

/** The op behind `trainingConv2d`'s shallow path: the backend's FusedConv2D forward, our gradient. */
const KERNEL = 'AecnnConv2DTraining';
let gradientRegistered = false;

/** Registers the op for the active backend (its forward is that backend's FusedConv2D) and, once, its gradient. */
function ensureKernel(): void {
  const backendName = tf.getBackend();
  if (!tf.getKernel(KERNEL, backendName)) {
    const fused = tf.getKernel('FusedConv2D', backendName);
    if (!fused) throw new Error(`conv2d: the '${backendName}' backend has no FusedConv2D kernel`);
    tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: fused.kernelFunc });
  }
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [Tensor4D, Tensor4D, Tensor4D];
      const strides = attrs.strides as [number, number];
      const pad = attrs.pad as Padding;
      // dz serves every input; each input's gradient is only computed when that input needs one (a first layer's
      // input does not), unlike a customGrad, whose gradients are all computed.
      const dz = activationGrad(dy as Tensor, y, attrs.activation as ActivationName) as Tensor4D;
      return {
        x: () => tf.conv2dTranspose(dz, filter, x.shape, strides, pad),
        filter: () => patchKernelGrad(x, dz, filter.shape, strides, pad),
        bias: () => biasGrad(dz),
      };
    },
  });
}

/**
 * act(conv2d(x, kernel) + bias) for training (stride any, dilation 1), as fast as the wasm backend allows:
 * - a shallow input (kh·kw·inC <= PATCH_GRAD_MAX_DEPTH, e.g. a first layer on images) runs as one op: the
 *   backend's fused conv kernel forward, and a gradient with the kernel gradient from patches
 *   (`patchKernelGrad`), the bias gradient from `biasGrad`, and the input gradient (only when needed) as
 *   tf.conv2dTranspose;
 * - otherwise a plain conv followed by `biasActivation`.
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
  if (!hasFastBiasGrad(act) || kh * kw * inC > PATCH_GRAD_MAX_DEPTH) {
    return biasActivation(tf.conv2d(x, kernel, strides, padding), bias, act);
  }
  ensureKernel();
  const inputs: tf.NamedTensorMap = bias ? { x, filter: kernel, bias } : { x, filter: kernel };
  return tf.engine().runKernel(KERNEL, inputs, {
    strides,
    pad: padding,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation: fusedActivation(act)!,
    leakyreluAlpha: LEAKY_ALPHA,
  }) as Tensor;
}
