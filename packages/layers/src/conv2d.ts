import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName } from './activations';
import { convOutputHW, type Padding } from './conv-shape';
import { defineModule } from './define-module';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import type { Shape } from './module';
import { conv2dForward } from './ops/conv2d-forward';
import { createParam } from './param';
import { checkKeys, toBool, toChoice, toPair } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';
import { checkInt } from './validate';

/** Options of `conv2d`. */
export interface Conv2dOptions extends NameOption {
  /** Output channels. */
  filters: number;
  /** Kernel size, e.g. 3 or [3, 3]. */
  kernelSize: number | [number, number];
  /** Strides (default 1). */
  strides?: number | [number, number];
  /** Padding (default 'valid', as Keras). */
  padding?: Padding;
  /** Dilation rate (default 1); > 1 needs strides 1. */
  dilation?: number | [number, number];
  /** Activation (default linear). */
  activation?: ActivationName;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** Kernel initializer (default glorotUniform). */
  kernelInitializer?: InitializerName;
}

/** conv2d options after normalisation. */
export interface Conv2dConfig extends NameOption {
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: Padding;
  dilation: [number, number];
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: InitializerName;
}

const KEYS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dilation',
  'activation',
  'useBias',
  'kernelInitializer',
  'name',
];

function normalise(o: Conv2dOptions): Conv2dConfig {
  checkKeys(o, KEYS, 'conv2d');
  const name = checkName(o.name, 'conv2d');
  const c: Conv2dConfig = {
    filters: checkInt('conv2d', 'filters', o.filters),
    kernelSize: toPair(o.kernelSize, 'kernelSize', 'conv2d'),
    strides: toPair(o.strides ?? 1, 'strides', 'conv2d'),
    padding: toChoice(o.padding ?? 'valid', ['same', 'valid'], 'padding', 'conv2d'),
    dilation: toPair(o.dilation ?? 1, 'dilation', 'conv2d'),
    activation: toChoice(o.activation ?? 'linear', ACTIVATIONS, 'activation', 'conv2d'),
    useBias: toBool(o.useBias ?? true, 'useBias', 'conv2d'),
    kernelInitializer: toChoice(
      o.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
      'kernelInitializer',
      'conv2d',
    ),
    ...(name ? { name } : {}),
  };
  if (c.strides.some((s) => s > 1) && c.dilation.some((d) => d > 1)) {
    throw new Error(
      `conv2d: strides ${c.strides.join('x')} and dilation ${c.dilation.join('x')}: one of them must be 1`,
    );
  }
  return c;
}

/** Output shape of conv2d: [h, w, c] → [h', w', filters] (TensorFlow's same/valid rule). */
export function conv2dOutputShape(inputShape: Shape, options: Conv2dOptions, path = ''): Shape {
  const o = normalise(options);
  const [h, w] = convOutputHW('conv2d', path, inputShape, o.kernelSize, o.strides, o.padding, o.dilation);
  return [h, w, o.filters];
}

/**
 * 2-D convolution: [batch, h, w, c] → [batch, h', w', filters]. Params: kernel [kh, kw, c, filters], bias [filters].
 * Uses tf.fused.conv2d with bias and activation (dilated convs take the plain op, whose gradient handles dilation).
 * @example conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }) // 28x28x1 → 26x26x32
 */
export function conv2d(options: Conv2dOptions): LayerSpec<Conv2dConfig> {
  const o = normalise(options);
  return layer({
    kind: 'conv2d',
    options: o,
    outputShape: (inputShape) => conv2dOutputShape(inputShape, o),
    build(inputShape, ctx) {
      const outputShape = conv2dOutputShape(inputShape, o, ctx.path);
      const kernel = createParam(
        ctx,
        'kernel',
        [...o.kernelSize, inputShape[2]!, o.filters],
        o.kernelInitializer,
      );
      const bias = o.useBias ? createParam(ctx, 'bias', [o.filters], 'zeros') : undefined;
      return defineModule({
        kind: 'conv2d',
        config: { kind: 'conv2d', ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        params: bias ? { kernel, bias } : { kernel },
        forward: (x, ctx) => conv2dForward(x as Tensor4D, kernel as Tensor4D, bias, o, ctx.training),
      });
    },
  });
}
