import type { Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { defineLayer, type Normalised } from './custom-layer';
import { KERNEL_KEYS, type KernelOptions, kernelAndBias, normaliseKernel } from './kernel-options';
import type { Shape } from './module';
import { trainingDense } from './ops/dense-training';
import { fusedMatMul } from './ops/fused-inference';
import { formatShape, where } from './shape';
import type { LayerSpec } from './spec';
import { checkInt } from './validate';

const KIND = 'dense';

/** Options of `dense`. */
export interface DenseOptions extends KernelOptions {
  /** Output features. */
  units: number;
}

function normalise(o: DenseOptions): Normalised<DenseOptions> {
  return { units: checkInt(KIND, 'units', o.units), ...normaliseKernel(o, KIND) };
}

/** Output shape of dense: the last axis becomes `units`; input [..., features] → [..., units]. */
export function denseOutputShape(inputShape: Shape, options: DenseOptions, path = ''): Shape {
  if (inputShape.length < 1) {
    throw new Error(
      `${where(KIND, path)}: expected input [batch, ..., features], got ${formatShape(inputShape, true)}`,
    );
  }
  return [...inputShape.slice(0, -1), options.units];
}

const denseLayer = defineLayer<DenseOptions, Normalised<DenseOptions>>({
  kind: KIND,
  options: ['units', ...KERNEL_KEYS],
  check: normalise,
  outputShape: denseOutputShape,
  params: (inputShape, o) =>
    kernelAndBias([inputShape.at(-1)!, o.units], o.kernelInitializer, o.useBias, o.units),
  forward: ({ kernel, bias }, x, o, ctx) => {
    // NOTE: matMul wants rank 2; other ranks fold their leading axes into the batch.
    const x2 = (x.rank === 2 ? x : tf.reshape(x, [-1, ctx.inputShape.at(-1)!])) as Tensor2D;
    // tfjs's fused matMul does not fuse while a gradient is recorded; the training op does, with a cheaper gradient.
    const y = (ctx.training ? trainingDense : fusedMatMul)(x2, kernel as Tensor2D, bias, o.activation);
    return x.rank === 2 ? y : tf.reshape(y, [-1, ...ctx.outputShape]);
  },
});

/**
 * Fully connected layer on the last axis: [batch, ..., features] → [batch, ..., units].
 * Params: kernel [features, units], bias [units]. Uses tf.fused.matMul with bias and activation.
 * @example sequential([flatten(), dense({ units: 64, activation: 'relu' }), dense({ units: 10 })])
 */
export function dense(options: DenseOptions): LayerSpec<DenseOptions> {
  return denseLayer(options);
}
