import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName, activate } from './activations';
import { defineModule } from './define-module';
import { checkKeys, toChoice } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `activation`. */
export interface ActivationOptions extends NameOption {
  /** The function: relu, leakyRelu (slope 0.2), elu, gelu, sigmoid, tanh, softmax (last axis) or linear. */
  fn: ActivationName;
}

/**
 * An activation function as a layer; any shape in, same shape out; no params.
 * @example sequential([conv2d({ filters: 8, kernelSize: 3 }), activation({ fn: 'gelu' })])
 */
export function activation(options: ActivationOptions): LayerSpec<ActivationOptions> {
  checkKeys(options, ['fn', 'name'], 'activation');
  const name = checkName(options.name, 'activation');
  const o: ActivationOptions = {
    fn: toChoice(options.fn, ACTIVATIONS, 'fn', 'activation'),
    ...(name ? { name } : {}),
  };
  return layer({
    kind: 'activation',
    options: o,
    outputShape: (inputShape) => inputShape,
    build(inputShape, ctx) {
      return defineModule({
        kind: 'activation',
        config: { kind: 'activation', ...o },
        path: ctx.path,
        inputShape,
        outputShape: inputShape,
        forward: (x) => (o.fn === 'linear' ? tf.clone(x) : activate(x, o.fn)),
      });
    },
  });
}
