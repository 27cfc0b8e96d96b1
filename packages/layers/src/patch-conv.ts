import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, fusedActivation, LEAKY_ALPHA } from './activations';
import { CPU_FUSED_CONV2D_KERNEL, hasKernel, PATCH_KERNEL_GRAD_KERNEL } from './backend-kernels';
import { activationGrad, biasActivation, biasGrad, hasFastBiasGrad } from './bias-activation';
import type { Padding } from './conv-shape';

/** 'same', 'valid' or explicit [[0, 0], [top, bottom], [left, right], [0, 0]] padding (the sub-pixel conv's). */
export type ConvPadding = Padding | [[number, number], [number, number], [number, number], [number, number]];

import { subpixelConv2dTranspose, subpixelPlan } from './subpixel-conv';

/** Largest kh·kw·inC for which the kernel gradient goes through patches: that many values per output position. */
export const PATCH_GRAD_MAX_DEPTH = 32;

/** Whether the kernel gradient goes through patches: shallow inputs, and always on cpu. */
const patchesPay = (depth: number): boolean => depth <= PATCH_GRAD_MAX_DEPTH || tf.getBackend() === 'cpu';

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
 * NOTE: on wasm the Conv2DBackpropFilter kernel (a swapped-axes conv) took ~9 ms for the article's first conv
 * ([64, 28, 28, 1] → 32 filters, unloaded machine); this takes ~4 ms (depthwise 1 ms, dzᵀ · patches 3 ms).
 */
export function patchKernelGrad(
  x: Tensor4D,
  dz: Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: [number, number],
  padding: ConvPadding,
): Tensor4D {
  const [kh, kw, inC, outC] = kernelShape;
  const patches = tf.depthwiseConv2d(x, tapFilter(kh, kw, inC), strides, padding);
  const rows = dz.size / outC;
  // dzᵀ · patches, then a transpose of the small result: with patches as the packed right operand this was ~2.5x
  // faster on wasm than patchesᵀ · dz, which packs all of dz.
  const dw = tf.transpose(
    tf.matMul(
      tf.reshape(dz, [rows, outC]) as Tensor2D,
      tf.reshape(patches, [rows, inC * kh * kw]) as Tensor2D,
      true,
      false,
    ),
  );
  return (
    inC === 1
      ? tf.reshape(dw, [kh, kw, 1, outC])
      : tf.transpose(tf.reshape(dw, [inC, kh, kw, outC]), [1, 2, 0, 3])
  ) as Tensor4D;
}

/**
 * dL/dkernel of conv2d(x, kernel) from dz = dL/dy: aecnn's SIMD kernel where the backend has it (wasm) and the
 * filters are a multiple of 16, else from patches where they pay (`patchKernelGrad`: shallow inputs, and every
 * conv on cpu), else the backend's Conv2DBackpropFilter.
 */
export function kernelGrad(
  x: Tensor4D,
  dz: Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: [number, number],
  padding: ConvPadding,
): Tensor4D {
  const [kh, kw, inC, outC] = kernelShape;
  const attrs = { strides, pad: padding, dataFormat: 'NHWC', filterShape: [...kernelShape] };
  if (outC % 16 === 0 && x.dtype === 'float32' && hasKernel(PATCH_KERNEL_GRAD_KERNEL)) {
    // NOTE: on wasm one pass over dz per two kernel rows and 16 filters. A batch of 64: [28, 28, 1] → 16 filters
    // at stride 2 ~0.2-0.25 ms against ~1.0 ms for the depthwise patches and their matMul (and ~1.1 ms for a tf.pad
    // of x alone); [14, 14, 16] → 32 filters, 3x3 at stride 2, 1.4 ms against 2.1 ms for Conv2DBackpropFilter
    // (XNNPACK's swapped-axes conv, which packs dz as its filter every call).
    return tf.engine().runKernel(PATCH_KERNEL_GRAD_KERNEL, { x, dz }, attrs) as Tensor4D;
  }
  if (patchesPay(kh * kw * inC)) return patchKernelGrad(x, dz, kernelShape, strides, padding);
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dz }, attrs) as Tensor4D;
}

/** The op behind `trainingConv2d`: the backend's FusedConv2D forward, our gradient. */
const KERNEL = 'AecnnConv2DTraining';
let gradientRegistered = false;

/** Registers the op for the active backend (its forward is that backend's FusedConv2D) and, once, its gradient. */
function ensureKernel(): void {
  const backendName = tf.getBackend();
  if (!tf.getKernel(KERNEL, backendName)) {
    // aecnn's cpu GEMM conv where registered (same inputs and attrs; 2-5x faster than cpu's loops)
    const fused =
      tf.getKernel(CPU_FUSED_CONV2D_KERNEL, backendName) ?? tf.getKernel('FusedConv2D', backendName);
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
      const pad = attrs.pad as ConvPadding;
      // dz serves every input; each input's gradient is only computed when that input needs one (a first layer's
      // input does not), unlike a customGrad, whose gradients are all computed.
      const dz = activationGrad(dy as Tensor, y, attrs.activation as ActivationName) as Tensor4D;
      return {
        x: () => inputGrad(dz, filter, x.shape, strides, pad),
        filter: () => kernelGrad(x, dz, filter.shape, strides, pad),
        bias: () => biasGrad(dz),
      };
    },
  });
}

/**
 * dL/dx of a conv from dz: a transposed conv, as a sub-pixel conv when strided (tfjs's Conv2DBackpropInput
 * dilates dz with zeros and does ~2-4x the multiply-adds).
 */
function inputGrad(
  dz: Tensor4D,
  filter: Tensor4D,
  xShape: [number, number, number, number],
  strides: [number, number],
  pad: ConvPadding,
): Tensor4D {
  const plan =
    typeof pad === 'string' && (strides[0] > 1 || strides[1] > 1)
      ? subpixelPlan(dz.shape.slice(1), filter.shape, strides, pad, xShape.slice(1))
      : undefined;
  return plan
    ? subpixelConv2dTranspose(dz, filter, undefined, plan, 'linear', false)
    : tf.conv2dTranspose(dz, filter, xShape, strides, pad);
}

/**
 * act(conv2d(x, kernel) + bias) for training (any stride, dilation 1) as one op: the backend's fused conv kernel
 * forward (conv, bias and activation in one pass), and a gradient in which dz = dL/d(conv + bias) is computed once
 * and each input's gradient only when that input needs one (none for a first layer's input):
 * - kernel: `kernelGrad`: aecnn's SIMD kernel on wasm (filters a multiple of 16), from patches for a shallow
 *   input (kh·kw·inC <= PATCH_GRAD_MAX_DEPTH) and on cpu (whose Conv2DBackpropFilter was 100x slower: 4.4 s for
 *   the conv decoder's first stage);
 * - bias: `biasGrad`; input: a transposed conv, sub-pixel when strided.
 * Activations other than relu, sigmoid and linear take the plain conv and tfjs's own ops.
 */
export function trainingConv2d(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: ConvPadding,
  act: ActivationName,
): Tensor {
  if (!hasFastBiasGrad(act)) return biasActivation(tf.conv2d(x, kernel, strides, padding), bias, act);
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
