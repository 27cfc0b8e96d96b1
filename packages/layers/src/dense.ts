import type { Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName } from './activations';
import { defineModule } from './define-module';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import type { Shape } from './module';
import { trainingDense } from './ops/dense-training';
import { fusedMatMul } from './ops/fused-inference';
import { createParam } from './param';
import { checkKeys, formatShape, toBool, toChoice, where } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';
import { checkInt } from './validate';

/** Options of `dense`. */
export interface DenseOptions extends NameOption {
  /** Output features. */
  units: number;
  /** Activation applied to the output (default linear). */
  activation?: ActivationName;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** Kernel initializer (default glorotUniform; heNormal suits relu stacks). Bias starts at zero. */
  kernelInitializer?: InitializerName;
}

const KEYS = ['units', 'activation', 'useBias', 'kernelInitializer', 'name'];

function normalise(o: DenseOptions): Required<Omit<DenseOptions, 'name'>> & NameOption {
  checkKeys(o, KEYS, 'dense');
  const name = checkName(o.name, 'dense');
  return {
    units: checkInt('dense', 'units', o.units),
    activation: toChoice(o.activation ?? 'linear', ACTIVATIONS, 'activation', 'dense'),
    useBias: toBool(o.useBias ?? true, 'useBias', 'dense'),
    kernelInitializer: toChoice(
      o.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
      'kernelInitializer',
      'dense',
    ),
    ...(name ? { name } : {}),
  };
}

/** Output shape of dense: the last axis becomes `units`; input [..., features] → [..., units]. */
export function denseOutputShape(inputShape: Shape, options: DenseOptions, path = ''): Shape {
  if (inputShape.length < 1) {
    throw new Error(
      `${where('dense', path)}: expected input [batch, ..., features], got ${formatShape(inputShape, true)}`,
    );
  }
  return [...inputShape.slice(0, -1), options.units];
}

/**
 * Fully connected layer on the last axis: [batch, ..., features] → [batch, ..., units].
 * Params: kernel [features, units], bias [units]. Uses tf.fused.matMul with bias and activation.
 * @example sequential([flatten(), dense({ units: 64, activation: 'relu' }), dense({ units: 10 })])
 */
export function dense(options: DenseOptions): LayerSpec<DenseOptions> {
  const o = normalise(options);
  return layer({
    kind: 'dense',
    options: o,
    outputShape: (inputShape) => denseOutputShape(inputShape, o),
    build(inputShape, ctx) {
      const outputShape = denseOutputShape(inputShape, o, ctx.path);
      const features = inputShape.at(-1)!;
      const kernel = createParam(ctx, 'kernel', [features, o.units], o.kernelInitializer);
      const bias = o.useBias ? createParam(ctx, 'bias', [o.units], 'zeros') : undefined;
      return defineModule({
        kind: 'dense',
        config: { kind: 'dense', ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        params: bias ? { kernel, bias } : { kernel },
        forward(x, ctx) {
          // NOTE: matMul wants rank 2; other ranks fold their leading axes into the batch.
          const x2 = (x.rank === 2 ? x : tf.reshape(x, [-1, features])) as Tensor2D;
          // tfjs's fused matMul does not fuse while a gradient is recorded; the training op does, with a cheaper gradient.
          const y = (ctx.training ? trainingDense : fusedMatMul)(x2, kernel as Tensor2D, bias, o.activation);
          return x.rank === 2 ? y : tf.reshape(y, [-1, ...outputShape]);
        },
      });
    },
  });
}
