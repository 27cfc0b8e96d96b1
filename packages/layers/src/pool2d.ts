import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { convOutputHW, type Padding } from './conv-shape';
import { defineModule } from './define-module';
import type { Shape } from './module';
import { windowMaxPool } from './ops/window-max-pool';
import { checkKeys, toChoice, toPair } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

// maxPool2d and avgPool2d differ only in the op; one file keeps their options and shapes in step.

/** Options of `maxPool2d` and `avgPool2d`. */
export interface Pool2dOptions extends NameOption {
  /** Window size, e.g. 2 or [2, 2]. */
  poolSize: number | [number, number];
  /** Strides (default: poolSize). */
  strides?: number | [number, number];
  /** Padding (default 'valid', as Keras). */
  padding?: Padding;
}

/** Pool options after normalisation. */
export interface Pool2dConfig extends NameOption {
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}

const KEYS = ['poolSize', 'strides', 'padding', 'name'];

function normalise(o: Pool2dOptions, kind: string): Pool2dConfig {
  checkKeys(o, KEYS, kind);
  const name = checkName(o.name, kind);
  const poolSize = toPair(o.poolSize, 'poolSize', kind);
  return {
    poolSize,
    strides: toPair(o.strides ?? poolSize, 'strides', kind),
    padding: toChoice(o.padding ?? 'valid', ['same', 'valid'], 'padding', kind),
    ...(name ? { name } : {}),
  };
}

/** Output shape of a 2-D pool: [h, w, c] → [h', w', c] (TensorFlow's same/valid rule). */
export function pool2dOutputShape(
  inputShape: Shape,
  options: Pool2dOptions,
  path = '',
  kind = 'maxPool2d',
): Shape {
  const o = normalise(options, kind);
  const [h, w] = convOutputHW(kind, path, inputShape, o.poolSize, o.strides, o.padding);
  return [h, w, inputShape[2]!];
}

function pool(kind: 'maxPool2d' | 'avgPool2d', options: Pool2dOptions): LayerSpec<Pool2dConfig> {
  const o = normalise(options, kind);
  const op = kind === 'maxPool2d' ? tf.maxPool : tf.avgPool;
  const windowed = (inputShape: Shape) =>
    kind === 'maxPool2d' &&
    o.strides[0] === o.poolSize[0] &&
    o.strides[1] === o.poolSize[1] &&
    (o.padding === 'valid' || (inputShape[0]! % o.poolSize[0] === 0 && inputShape[1]! % o.poolSize[1] === 0));
  return layer({
    kind,
    options: o,
    outputShape: (inputShape) => pool2dOutputShape(inputShape, o, '', kind),
    build(inputShape, ctx) {
      const outputShape = pool2dOutputShape(inputShape, o, ctx.path, kind);
      // Non-overlapping max pools (the usual 2x2) take the argMax gradient, which is fast on every backend.
      const fast = windowed(inputShape);
      return defineModule({
        kind,
        config: { kind, ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        // Inference records no gradient: the plain op, without the custom-gradient wrapper.
        forward: (x, ctx) =>
          fast && ctx.training
            ? windowMaxPool(x as Tensor4D, o.poolSize)
            : op(x as Tensor4D, o.poolSize, o.strides, o.padding),
      });
    },
  });
}

/**
 * Max pooling: [batch, h, w, c] → [batch, h', w', c]; no params.
 * @example maxPool2d({ poolSize: 2 }) // 26x26x32 → 13x13x32
 */
export function maxPool2d(options: Pool2dOptions): LayerSpec<Pool2dConfig> {
  return pool('maxPool2d', options);
}

/**
 * Average pooling: [batch, h, w, c] → [batch, h', w', c]; no params.
 * @example avgPool2d({ poolSize: 2 }) // 28x28x8 → 14x14x8
 */
export function avgPool2d(options: Pool2dOptions): LayerSpec<Pool2dConfig> {
  return pool('avgPool2d', options);
}
