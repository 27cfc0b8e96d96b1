import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import { createParam } from './param';
import { checkKeys, formatShape, where } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `batchNorm`. */
export interface BatchNormOptions extends NameOption {
  /** Weight of the old value in the moving averages (default 0.99, as Keras). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3, as Keras). */
  epsilon?: number;
}

/** batchNorm options after normalisation. */
export interface BatchNormConfig extends NameOption {
  momentum: number;
  epsilon: number;
}

function normalise(o: BatchNormOptions): BatchNormConfig {
  checkKeys(o, ['momentum', 'epsilon', 'name'], 'batchNorm');
  const name = checkName(o.name, 'batchNorm');
  const momentum = o.momentum ?? 0.99;
  const epsilon = o.epsilon ?? 1e-3;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) {
    throw new Error(`batchNorm: momentum must be a number in [0, 1), got ${JSON.stringify(o.momentum)}`);
  }
  if (typeof epsilon !== 'number' || !(epsilon > 0)) {
    throw new Error(`batchNorm: epsilon must be a number > 0, got ${JSON.stringify(o.epsilon)}`);
  }
  return { momentum, epsilon, ...(name ? { name } : {}) };
}

/**
 * Batch normalisation over the last (channel) axis; any shape in, same shape out.
 * Params: gamma, beta [channels] (trainable); movingMean, movingVariance [channels] (statistics, non-trainable).
 * Training uses the batch's mean and (biased) variance and updates the moving averages; inference uses the
 * moving averages. A frozen batchNorm (see `freeze`) runs in inference mode even while training, as in Keras.
 * @example sequential([conv2d({ filters: 16, kernelSize: 3, useBias: false }), batchNorm(), activation({ activation: 'relu' })])
 */
export function batchNorm(options: BatchNormOptions = {}): LayerSpec<BatchNormConfig> {
  const o = normalise(options);
  return layer({
    kind: 'batchNorm',
    options: o,
    outputShape: (inputShape) => inputShape,
    build(inputShape, ctx) {
      if (inputShape.length < 1) {
        throw new Error(
          `${where('batchNorm', ctx.path)}: expected input [batch, ..., channels], got ${formatShape(inputShape, true)}`,
        );
      }
      const c = [inputShape.at(-1)!];
      const gamma = createParam(ctx, 'gamma', c, 'ones');
      const beta = createParam(ctx, 'beta', c, 'zeros');
      const movingMean = createParam(ctx, 'movingMean', c, 'zeros', true);
      const movingVariance = createParam(ctx, 'movingVariance', c, 'ones', true);
      const axes = inputShape.map((_, i) => i); // batch and every axis but the last
      return defineModule({
        kind: 'batchNorm',
        config: { kind: 'batchNorm', ...o },
        path: ctx.path,
        inputShape,
        outputShape: inputShape,
        params: { gamma, beta, movingMean, movingVariance },
        forward(x, { training }) {
          if (!training || !gamma.trainable) {
            return tf.batchNorm(x, movingMean, movingVariance, beta, gamma, o.epsilon);
          }
          const { mean, variance } = tf.moments(x, axes);
          // NOTE: assign is not recorded on the gradient tape, so the statistics never receive gradients.
          const m = o.momentum;
          movingMean.assign(tf.add(tf.mul(movingMean, m), tf.mul(mean, 1 - m)) as Tensor);
          movingVariance.assign(tf.add(tf.mul(movingVariance, m), tf.mul(variance, 1 - m)) as Tensor);
          return tf.batchNorm(x, mean, variance, beta, gamma, o.epsilon);
        },
      });
    },
  });
}
