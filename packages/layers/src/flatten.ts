import * as tf from '@tensorflow/tfjs-core';
import { defineLayer } from './custom-layer';
import type { Shape } from './module';
import type { LayerSpec, NameOption } from './spec';

/** Options of `flatten`. */
export interface FlattenOptions extends NameOption {}

/** Output shape of flatten: [d1, d2, ...] → [d1 · d2 · ...]. */
export function flattenOutputShape(inputShape: Shape): Shape {
  return [inputShape.reduce((a, b) => a * b, 1)];
}

const flattenLayer = defineLayer<FlattenOptions>({
  kind: 'flatten',
  outputShape: flattenOutputShape,
  forward: (_params, x, _o, { outputShape }) => tf.reshape(x, [-1, outputShape[0]!]),
});

/**
 * Flattens every axis but the batch: [batch, 13, 13, 32] → [batch, 5408]; no params.
 * @example sequential([conv2d({ filters: 8, kernelSize: 3 }), flatten(), dense({ units: 10 })])
 */
export function flatten(options: FlattenOptions = {}): LayerSpec<FlattenOptions> {
  return flattenLayer(options);
}
