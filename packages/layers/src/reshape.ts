import * as tf from '@tensorflow/tfjs-core';
import { defineLayer } from './custom-layer';
import type { Shape } from './module';
import { formatShape, where } from './shape';
import type { LayerSpec, NameOption } from './spec';

/** Options of `reshape`. */
export interface ReshapeOptions extends NameOption {
  /** Target shape without batch; one entry may be -1 (inferred). */
  targetShape: number[];
}

function checkTarget(targetShape: unknown): number[] {
  if (
    !Array.isArray(targetShape) ||
    targetShape.length === 0 ||
    !targetShape.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) ||
    targetShape.filter((d) => d === -1).length > 1
  ) {
    throw new Error(
      `reshape: targetShape must be a list of positive integers with at most one -1, like [28, 28, 1], got ${JSON.stringify(targetShape)}`,
    );
  }
  return [...targetShape];
}

function outputShape(inputShape: Shape, { targetShape }: ReshapeOptions, path: string): Shape {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const known = targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const out = targetShape.map((d) => (d === -1 ? size / known : d));
  if (out.reduce((a, b) => a * b, 1) !== size || !out.every(Number.isInteger)) {
    throw new Error(
      `${where('reshape', path)}: cannot reshape input ${formatShape(inputShape, true)} (${size} values) ` +
        `to ${formatShape(targetShape, true)}; the sizes must match`,
    );
  }
  return out;
}

/** Output shape of reshape: targetShape with its -1 inferred; throws when the sizes differ. */
export function reshapeOutputShape(inputShape: Shape, options: ReshapeOptions, path = ''): Shape {
  return outputShape(inputShape, { targetShape: checkTarget(options.targetShape) }, path);
}

const reshapeLayer = defineLayer<ReshapeOptions>({
  kind: 'reshape',
  options: ['targetShape'],
  check: (o) => ({ targetShape: checkTarget(o.targetShape) }),
  outputShape,
  forward: (_params, x, _o, ctx) => tf.reshape(x, [-1, ...ctx.outputShape]),
});

/**
 * Reshapes every axis but the batch: [batch, 784] → [batch, 28, 28, 1] with targetShape [28, 28, 1]; no params.
 * @example reshape({ targetShape: [7, 7, 32] }) // 1568 → 7x7x32
 */
export function reshape(options: ReshapeOptions): LayerSpec<ReshapeOptions> {
  return reshapeLayer(options);
}
