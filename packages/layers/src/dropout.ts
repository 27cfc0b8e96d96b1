import * as tf from '@tensorflow/tfjs-core';
import { defineLayer } from './custom-layer';
import { randomSeed } from './rng';
import type { LayerSpec, NameOption } from './spec';
import { checkRate } from './validate';

/** Options of `dropout`. */
export interface DropoutOptions extends NameOption {
  /** Fraction of inputs zeroed while training, in [0, 1). */
  rate: number;
}

const dropoutLayer = defineLayer<DropoutOptions>({
  kind: 'dropout',
  options: ['rate'],
  check: (o) => ({ rate: checkRate('dropout', 'rate', o.rate) }),
  outputShape: (inputShape) => inputShape,
  forward: (_params, x, { rate }, { training, seed }) => {
    // NOTE: a clone, not x itself, so that disposing the output never disposes the caller's input.
    if (!training || rate === 0) return tf.clone(x);
    return tf.dropout(x, rate, undefined, seed ?? randomSeed());
  },
});

/**
 * Inverted dropout: while training, zeroes a `rate` fraction of inputs and scales the rest by 1 / (1 - rate);
 * identity at inference. Any shape; no params. The mask follows `ctx.seed` when given.
 * @example sequential([dense({ units: 64, activation: 'relu' }), dropout({ rate: 0.5 })])
 */
export function dropout(options: DropoutOptions): LayerSpec<DropoutOptions> {
  return dropoutLayer(options);
}
