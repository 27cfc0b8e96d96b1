import type { Tensor4D } from '@tensorflow/tfjs-core';
import { convOutputHW } from './conv-shape';
import { defineLayer, type Normalised } from './custom-layer';
import { type ConvOptions, convKeys, kernelAndBias, normaliseConv } from './kernel-options';
import type { Shape } from './module';
import { conv2dForward } from './ops/conv2d-forward';
import { toPair } from './shape';
import type { LayerSpec } from './spec';

const KIND = 'conv2d';

/** Options of `conv2d`. */
export interface Conv2dOptions extends ConvOptions {
  /** Dilation rate (default 1); > 1 needs strides 1. */
  dilation?: number | [number, number];
}

/** conv2d options after normalisation: every option set, sizes as pairs. */
export type Conv2dConfig = Normalised<Conv2dOptions, 'kernelSize' | 'strides' | 'dilation'>;

function normalise(o: Conv2dOptions): Conv2dConfig {
  const c: Conv2dConfig = normaliseConv(o, KIND, { dilation: toPair(o.dilation ?? 1, 'dilation', KIND) });
  if (c.strides.some((s) => s > 1) && c.dilation.some((d) => d > 1)) {
    throw new Error(
      `${KIND}: strides ${c.strides.join('x')} and dilation ${c.dilation.join('x')}: one of them must be 1`,
    );
  }
  return c;
}

function outputShape(inputShape: Shape, o: Conv2dConfig, path: string): Shape {
  const [h, w] = convOutputHW(KIND, path, inputShape, o.kernelSize, o.strides, o.padding, o.dilation);
  return [h, w, o.filters];
}

/** Output shape of conv2d: [h, w, c] → [h', w', filters] (TensorFlow's same/valid rule). */
export function conv2dOutputShape(inputShape: Shape, options: Conv2dOptions, path = ''): Shape {
  return outputShape(inputShape, normalise(options), path);
}

const conv2dLayer = defineLayer<Conv2dOptions, Conv2dConfig>({
  kind: KIND,
  options: convKeys('dilation'),
  check: normalise,
  outputShape,
  params: (inputShape, o) =>
    kernelAndBias([...o.kernelSize, inputShape[2]!, o.filters], o.kernelInitializer, o.useBias, o.filters),
  forward: ({ kernel, bias }, x, o, ctx) =>
    conv2dForward(x as Tensor4D, kernel as Tensor4D, bias, o, ctx.training),
});

/**
 * 2-D convolution: [batch, h, w, c] → [batch, h', w', filters]. Params: kernel [kh, kw, c, filters], bias [filters].
 * Uses tf.fused.conv2d with bias and activation (dilated convs take the plain op, whose gradient handles dilation).
 * @example conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }) // 28x28x1 → 26x26x32
 */
export function conv2d(options: Conv2dOptions): LayerSpec<Conv2dConfig> {
  return conv2dLayer(options);
}
