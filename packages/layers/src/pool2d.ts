import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { convOutputHW, type Padding } from './conv-shape';
import { defineLayer, type Normalised } from './custom-layer';
import type { Shape } from './module';
import { windowMaxPool } from './ops/window-max-pool';
import { toChoice, toPair } from './shape';
import type { LayerSpec, NameOption } from './spec';

// maxPool2d and avgPool2d differ only in the op; one file keeps their options and shapes in step.

type PoolKind = 'maxPool2d' | 'avgPool2d';

/** Options of `maxPool2d` and `avgPool2d`. */
export interface Pool2dOptions extends NameOption {
  /** Window size, e.g. 2 or [2, 2]. */
  poolSize: number | [number, number];
  /** Strides (default: poolSize). */
  strides?: number | [number, number];
  /** Padding (default 'valid', as Keras). */
  padding?: Padding;
}

/** Pool options after normalisation: sizes as pairs, every option set. */
export type Pool2dConfig = Normalised<Pool2dOptions, 'poolSize' | 'strides'>;

function normalise(o: Pool2dOptions, kind: PoolKind): Pool2dConfig {
  const poolSize = toPair(o.poolSize, 'poolSize', kind);
  return {
    poolSize,
    strides: toPair(o.strides ?? poolSize, 'strides', kind),
    padding: toChoice(o.padding ?? 'valid', ['same', 'valid'], 'padding', kind),
  };
}

function outputShape(kind: PoolKind, inputShape: Shape, o: Pool2dConfig, path: string): Shape {
  const [h, w] = convOutputHW(kind, path, inputShape, o.poolSize, o.strides, o.padding);
  return [h, w, inputShape[2]!];
}

/** Output shape of a 2-D pool: [h, w, c] → [h', w', c] (TensorFlow's same/valid rule). */
export function pool2dOutputShape(
  inputShape: Shape,
  options: Pool2dOptions,
  path = '',
  kind: PoolKind = 'maxPool2d',
): Shape {
  return outputShape(kind, inputShape, normalise(options, kind), path);
}

/** Whether a max pool's windows tile its input (the usual 2x2), so that it can take the argMax gradient. */
function tiles({ poolSize: [ph, pw], strides, padding }: Pool2dConfig, [h, w]: Shape): boolean {
  return strides[0] === ph && strides[1] === pw && (padding === 'valid' || (h! % ph === 0 && w! % pw === 0));
}

function poolLayer(kind: PoolKind) {
  const op = kind === 'maxPool2d' ? tf.maxPool : tf.avgPool;
  return defineLayer<Pool2dOptions, Pool2dConfig>({
    kind,
    options: ['poolSize', 'strides', 'padding'],
    check: (o) => normalise(o, kind),
    outputShape: (inputShape, o, path) => outputShape(kind, inputShape, o, path),
    // Inference records no gradient: the plain op, without the custom-gradient wrapper. Non-overlapping max
    // pools take the argMax gradient, which is fast on every backend.
    forward: (_params, x, o, ctx) =>
      kind === 'maxPool2d' && ctx.training && tiles(o, ctx.inputShape)
        ? windowMaxPool(x as Tensor4D, o.poolSize)
        : op(x as Tensor4D, o.poolSize, o.strides, o.padding),
  });
}

const maxPoolLayer = poolLayer('maxPool2d');
const avgPoolLayer = poolLayer('avgPool2d');

/**
 * Max pooling: [batch, h, w, c] → [batch, h', w', c]; no params.
 * @example maxPool2d({ poolSize: 2 }) // 26x26x32 → 13x13x32
 */
export function maxPool2d(options: Pool2dOptions): LayerSpec<Pool2dConfig> {
  return maxPoolLayer(options);
}

/**
 * Average pooling: [batch, h, w, c] → [batch, h', w', c]; no params.
 * @example avgPool2d({ poolSize: 2 }) // 28x28x8 → 14x14x8
 */
export function avgPool2d(options: Pool2dOptions): LayerSpec<Pool2dConfig> {
  return avgPoolLayer(options);
}
