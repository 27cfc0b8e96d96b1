import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import { randomSeed } from './rng';
import { checkKeys } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';
import { checkRate } from './validate';

/** Options of `dropout`. */
export interface DropoutOptions extends NameOption {
  /** Fraction of inputs zeroed while training, in [0, 1). */
  rate: number;
}

/**
 * Inverted dropout: while training, zeroes a `rate` fraction of inputs and scales the rest by 1 / (1 - rate);
 * identity at inference. Any shape; no params. The mask follows `ctx.seed` when given.
 * @example sequential([dense({ units: 64, activation: 'relu' }), dropout({ rate: 0.5 })])
 */
export function dropout(options: DropoutOptions): LayerSpec<DropoutOptions> {
  checkKeys(options, ['rate', 'name'], 'dropout');
  const name = checkName(options.name, 'dropout');
  const rate = checkRate('dropout', 'rate', options.rate);
  const o: DropoutOptions = { rate, ...(name ? { name } : {}) };
  return layer({
    kind: 'dropout',
    options: o,
    outputShape: (inputShape) => inputShape,
    build(inputShape, ctx) {
      return defineModule({
        kind: 'dropout',
        config: { kind: 'dropout', ...o },
        path: ctx.path,
        inputShape,
        outputShape: inputShape,
        forward(x, { training, seed }) {
          // NOTE: a clone, not x itself, so that disposing the output never disposes the caller's input.
          if (!training || rate === 0) return tf.clone(x);
          return tf.dropout(x, rate, undefined, seed ?? randomSeed());
        },
      });
    },
  });
}
