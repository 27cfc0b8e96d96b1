import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName, activate } from './activations';
import { defineModule } from './define-module';
import type { ModuleConfig } from './module';
import { checkKeys, toChoice } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `activation`. */
export interface ActivationOptions extends NameOption {
  /** The function (Keras's name): relu, leakyRelu (slope 0.2), elu, gelu, sigmoid, tanh, softmax (last axis) or linear. */
  activation: ActivationName;
}

/**
 * An activation function as a layer; any shape in, same shape out; no params.
 * @example sequential([conv2d({ filters: 8, kernelSize: 3 }), activation({ activation: 'gelu' })])
 */
export function activation(options: ActivationOptions): LayerSpec<ActivationOptions> {
  if (options != null && typeof options === 'object' && 'fn' in options) {
    throw new Error("activation: option 'fn' was renamed to 'activation'");
  }
  checkKeys(options, ['activation', 'name'], 'activation');
  const name = checkName(options.name, 'activation');
  const o: ActivationOptions = {
    activation: toChoice(options.activation, ACTIVATIONS, 'activation', 'activation'),
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
        forward: (x) => (o.activation === 'linear' ? tf.clone(x) : activate(x, o.activation)),
      });
    },
  });
}

/** An activation config saved before the Keras naming (`fn`) with the option renamed `activation`; others as they are. */
export function migrateActivationConfig(config: ModuleConfig): ModuleConfig {
  if (config.kind !== 'activation' || !('fn' in config) || 'activation' in config) return config;
  const { fn, ...rest } = config as ModuleConfig & { fn: unknown };
  return { ...rest, activation: fn } as ModuleConfig;
}
