import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName } from './activations';
import type { Padding } from './conv-shape';
import { defineModule } from './define-module';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import type { Shape } from './module';
import { conv2dTransposeForward } from './ops/conv2d-transpose-forward';
import { subpixelPlan } from './ops/subpixel-plan';
import { createParam } from './param';
import { checkKeys, formatShape, toBool, toChoice, toPair, where } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';
import { checkInt } from './validate';

/** Options of `conv2dTranspose`. */
export interface Conv2dTransposeOptions extends NameOption {
  /** Output channels. */
  filters: number;
  /** Kernel size, e.g. 3 or [3, 3]. */
  kernelSize: number | [number, number];
  /** Strides, i.e. the upsampling factor (default 1). */
  strides?: number | [number, number];
  /** Padding (default 'valid', as Keras). */
  padding?: Padding;
  /** Activation (default linear). */
  activation?: ActivationName;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** Kernel initializer (default glorotUniform). */
  kernelInitializer?: InitializerName;
}

/** conv2dTranspose options after normalisation. */
export interface Conv2dTransposeConfig extends NameOption {
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: Padding;
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: InitializerName;
}

const KIND = 'conv2dTranspose';
const KEYS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'activation',
  'useBias',
  'kernelInitializer',
  'name',
];

function normalise(o: Conv2dTransposeOptions): Conv2dTransposeConfig {
  checkKeys(o, KEYS, KIND);
  const name = checkName(o.name, KIND);
  return {
    filters: checkInt(KIND, 'filters', o.filters),
    kernelSize: toPair(o.kernelSize, 'kernelSize', KIND),
    strides: toPair(o.strides ?? 1, 'strides', KIND),
    padding: toChoice(o.padding ?? 'valid', ['same', 'valid'], 'padding', KIND),
    activation: toChoice(o.activation ?? 'linear', ACTIVATIONS, 'activation', KIND),
    useBias: toBool(o.useBias ?? true, 'useBias', KIND),
    kernelInitializer: toChoice(
      o.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
      'kernelInitializer',
      KIND,
    ),
    ...(name ? { name } : {}),
  };
}

/** Keras's rule: same → n * stride; valid → n * stride + max(k - stride, 0). */
function deconvSize(n: number, k: number, s: number, padding: Padding): number {
  return padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
}

/** Output shape of conv2dTranspose: [h, w, c] → [h * s (+ max(k - s, 0) if valid), ..., filters]. */
export function conv2dTransposeOutputShape(
  inputShape: Shape,
  options: Conv2dTransposeOptions,
  path = '',
): Shape {
  const o = normalise(options);
  if (inputShape.length !== 3) {
    throw new Error(
      `${where(KIND, path)}: expected input [batch, height, width, channels], got ${formatShape(inputShape, true)}`,
    );
  }
  return [
    deconvSize(inputShape[0]!, o.kernelSize[0], o.strides[0], o.padding),
    deconvSize(inputShape[1]!, o.kernelSize[1], o.strides[1], o.padding),
    o.filters,
  ];
}

/**
 * Transposed 2-D convolution (learned upsampling): [batch, h, w, c] → [batch, h·s, w·s, filters] with 'same'.
 * Params: kernel [kh, kw, filters, c] (tfjs's layout), bias [filters]. Runs as a sub-pixel conv (one stride-1 conv
 * with a channel per output phase, then depth-to-space), which computes the same sums several times faster.
 * @example conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }) // 7x7x32 → 14x14x16
 */
export function conv2dTranspose(options: Conv2dTransposeOptions): LayerSpec<Conv2dTransposeConfig> {
  const o = normalise(options);
  return layer({
    kind: KIND,
    options: o,
    outputShape: (inputShape) => conv2dTransposeOutputShape(inputShape, o),
    build(inputShape, ctx) {
      const outputShape = conv2dTransposeOutputShape(inputShape, o, ctx.path);
      const kernel = createParam(
        ctx,
        'kernel',
        [...o.kernelSize, o.filters, inputShape[2]!],
        o.kernelInitializer,
      );
      const bias = o.useBias ? createParam(ctx, 'bias', [o.filters], 'zeros') : undefined;
      const plan = subpixelPlan(inputShape, kernel.shape, o.strides, o.padding, outputShape);
      const geometry = { ...o, outputShape, plan };
      return defineModule({
        kind: KIND,
        config: { kind: KIND, ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        params: bias ? { kernel, bias } : { kernel },
        forward: (x, ctx) =>
          conv2dTransposeForward(x as Tensor4D, kernel as Tensor4D, bias, geometry, ctx.training),
      });
    },
  });
}
