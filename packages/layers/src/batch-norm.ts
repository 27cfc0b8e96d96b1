import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { defineLayer, type Normalised } from './custom-layer';
import type { Shape } from './module';
import { formatShape, where } from './shape';
import type { LayerSpec, NameOption } from './spec';

const KIND = 'batchNorm';

/** Options of `batchNorm`. */
export interface BatchNormOptions extends NameOption {
  /** Weight of the old value in the moving averages (default 0.99, as Keras). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3, as Keras). */
  epsilon?: number;
}

/** batchNorm options after normalisation: both set. */
export type BatchNormConfig = Normalised<BatchNormOptions>;

function normalise(o: BatchNormOptions): BatchNormConfig {
  const momentum = o.momentum ?? 0.99;
  const epsilon = o.epsilon ?? 1e-3;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) {
    throw new Error(`${KIND}: momentum must be a number in [0, 1), got ${JSON.stringify(o.momentum)}`);
  }
  if (typeof epsilon !== 'number' || !(epsilon > 0)) {
    throw new Error(`${KIND}: epsilon must be a number > 0, got ${JSON.stringify(o.epsilon)}`);
  }
  return { momentum, epsilon };
}

function outputShape(inputShape: Shape, _o: BatchNormConfig, path: string): Shape {
  if (inputShape.length < 1) {
    throw new Error(
      `${where(KIND, path)}: expected input [batch, ..., channels], got ${formatShape(inputShape, true)}`,
    );
  }
  return inputShape;
}

const batchNormLayer = defineLayer<BatchNormOptions, BatchNormConfig>({
  kind: KIND,
  options: ['momentum', 'epsilon'],
  check: normalise,
  outputShape,
  params: (inputShape) => {
    const shape = [inputShape.at(-1)!];
    return {
      gamma: { shape, init: 'ones' },
      beta: { shape, init: 'zeros' },
      movingMean: { shape, init: 'zeros', statistic: true },
      movingVariance: { shape, init: 'ones', statistic: true },
    };
  },
  forward: (params, x, o, { training, inputShape }) => {
    const { gamma, beta, movingMean, movingVariance } = params;
    if (!training || !gamma!.trainable) {
      return tf.batchNorm(x, movingMean!, movingVariance!, beta, gamma, o.epsilon);
    }
    const { mean, variance } = tf.moments(
      x,
      inputShape.map((_, i) => i),
    ); // batch and every axis but the last
    // NOTE: assign is not recorded on the gradient tape, so the statistics never receive gradients.
    const m = o.momentum;
    movingMean!.assign(tf.add(tf.mul(movingMean!, m), tf.mul(mean, 1 - m)) as Tensor);
    movingVariance!.assign(tf.add(tf.mul(movingVariance!, m), tf.mul(variance, 1 - m)) as Tensor);
    return tf.batchNorm(x, mean, variance, beta, gamma, o.epsilon);
  },
});

/**
 * Batch normalisation over the last (channel) axis; any shape in, same shape out.
 * Params: gamma, beta [channels] (trainable); movingMean, movingVariance [channels] (statistics, non-trainable).
 * Training uses the batch's mean and (biased) variance and updates the moving averages; inference uses the
 * moving averages. A frozen batchNorm (see `freeze`) runs in inference mode even while training, as in Keras.
 * @example sequential([conv2d({ filters: 16, kernelSize: 3, useBias: false }), batchNorm(), activation({ activation: 'relu' })])
 */
export function batchNorm(options: BatchNormOptions = {}): LayerSpec<BatchNormConfig> {
  return batchNormLayer(options);
}
