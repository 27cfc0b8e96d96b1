import { PATCH_KERNEL_GRAD_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { ConvPadding } from './conv-padding';
import { hasKernel } from './kernels';

/** dL/dkernel [kh, kw, inC, outC] of conv2d(x, kernel) from x, dz = dL/dy, the kernel's shape, strides and padding. */
type KernelGrad = (
  x: Tensor4D,
  dz: Tensor4D,
  kernelShape: readonly [number, number, number, number],
  strides: [number, number],
  padding: ConvPadding,
) => Tensor4D;

/** Largest kh·kw·inC for which the kernel gradient goes through patches: that many values per output position. */
const PATCH_GRAD_MAX_DEPTH = 32;

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
const patchKernelGrad: KernelGrad = (x, dz, kernelShape, strides, padding) => {
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
};

/**
 * dL/dkernel of conv2d(x, kernel) from dz = dL/dy: aecnn's SIMD kernel where the backend has it (wasm) and the
 * filters are a multiple of 16, else from patches where they pay (`patchKernelGrad`: shallow inputs, and every
 * conv on cpu), else the backend's Conv2DBackpropFilter.
 */
export const kernelGrad: KernelGrad = (x, dz, kernelShape, strides, padding) => {
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
};
