import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Padding } from './conv-shape';
import { defineLayer, type Normalised } from './custom-layer';
import { type ConvOptions, convKeys, kernelAndBias, normaliseConv } from './kernel-options';
import type { Shape } from './module';
import { conv2dTransposeForward } from './ops/conv2d-transpose-forward';
import { subpixelPlan } from './ops/subpixel-plan';
import { checkRank } from './shape';
import type { LayerSpec } from './spec';

const KIND = 'conv2dTranspose';

/** Options of `conv2dTranspose`; `strides` is the upsampling factor. */
export interface Conv2dTransposeOptions extends ConvOptions {}

/** conv2dTranspose options after normalisation: every option set, sizes as pairs. */
export type Conv2dTransposeConfig = Normalised<Conv2dTransposeOptions, 'kernelSize' | 'strides'>;

function normalise(o: Conv2dTransposeOptions): Conv2dTransposeConfig {
  return normaliseConv(o, KIND);
}

/** Keras's rule: same → n * stride; valid → n * stride + max(k - stride, 0). */
function deconvSize(n: number, k: number, s: number, padding: Padding): number {
  return padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
}

function outputShape(inputShape: Shape, o: Conv2dTransposeConfig, path: string): Shape {
  checkRank(KIND, path, inputShape, 3, '[batch, height, width, channels]');
  return [
    deconvSize(inputShape[0]!, o.kernelSize[0], o.strides[0], o.padding),
    deconvSize(inputShape[1]!, o.kernelSize[1], o.strides[1], o.padding),
    o.filters,
  ];
}

/** Output shape of conv2dTranspose: [h, w, c] → [h * s (+ max(k - s, 0) if valid), ..., filters]. */
export function conv2dTransposeOutputShape(
  inputShape: Shape,
  options: Conv2dTransposeOptions,
  path = '',
): Shape {
  return outputShape(inputShape, normalise(options), path);
}

const conv2dTransposeLayer = defineLayer<Conv2dTransposeOptions, Conv2dTransposeConfig>({
  kind: KIND,
  options: convKeys(),
  check: normalise,
  outputShape,
  params: (inputShape, o) =>
    kernelAndBias([...o.kernelSize, o.filters, inputShape[2]!], o.kernelInitializer, o.useBias, o.filters),
  forward: ({ kernel, bias }, x, o, ctx) => {
    // NOTE: planned per call (a few loops over the kernel's taps) so that the module stays params plus options;
    // the conv itself costs far more.
    const plan = subpixelPlan(ctx.inputShape, kernel!.shape, o.strides, o.padding, ctx.outputShape);
    const geometry = { ...o, outputShape: ctx.outputShape, plan };
    return conv2dTransposeForward(x as Tensor4D, kernel as Tensor4D, bias, geometry, ctx.training);
  },
});

/**
 * Transposed 2-D convolution (learned upsampling): [batch, h, w, c] → [batch, h·s, w·s, filters] with 'same'.
 * Params: kernel [kh, kw, filters, c] (tfjs's layout), bias [filters]. Runs as a sub-pixel conv (one stride-1 conv
 * with a channel per output phase, then depth-to-space), which computes the same sums several times faster.
 * @example conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }) // 7x7x32 → 14x14x16
 */
export function conv2dTranspose(options: Conv2dTransposeOptions): LayerSpec<Conv2dTransposeConfig> {
  return conv2dTransposeLayer(options);
}
