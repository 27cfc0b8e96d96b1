import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import type { Shape } from './module';
import { checkKeys } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `flatten`. */
export interface FlattenOptions extends NameOption {}

/** Output shape of flatten: [d1, d2, ...] → [d1 · d2 · ...]. */
export function flattenOutputShape(inputShape: Shape): Shape {
  return [inputShape.reduce((a, b) => a * b, 1)];
}

/**
 * Flattens every axis but the batch: [batch, 13, 13, 32] → [batch, 5408]; no params.
 * @example sequential([conv2d({ filters: 8, kernelSize: 3 }), flatten(), dense({ units: 10 })])
 */
export function flatten(options: FlattenOptions = {}): LayerSpec<FlattenOptions> {
  checkKeys(options, ['name'], 'flatten');
  const name = checkName(options.name, 'flatten');
  const o: FlattenOptions = name ? { name } : {};
  return layer({
    kind: 'flatten',
    options: o,
    outputShape: flattenOutputShape,
    build(inputShape, ctx) {
      const outputShape = flattenOutputShape(inputShape);
      return defineModule({
        kind: 'flatten',
        config: { kind: 'flatten', ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        forward: (x) => tf.reshape(x, [-1, outputShape[0]!]),
      });
    },
  });
}
