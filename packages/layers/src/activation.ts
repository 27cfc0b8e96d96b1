import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATIONS, type ActivationName, activate } from './activations';
import { defineLayer } from './custom-layer';
import type { ModuleConfig } from './module';
import { toChoice } from './shape';
import type { LayerSpec, NameOption } from './spec';

/** Options of `activation`. */
export interface ActivationOptions extends NameOption {
  /** The function (Keras's name): relu, leakyRelu (slope 0.2), elu, gelu, sigmoid, tanh, softmax (last axis) or linear. */
  activation: ActivationName;
}

const activationLayer = defineLayer<ActivationOptions>({
  kind: 'activation',
  options: ['activation'],
  check: (o) => ({ activation: toChoice(o.activation, ACTIVATIONS, 'activation', 'activation') }),
  outputShape: (inputShape) => inputShape,
  forward: (_params, x, o) => (o.activation === 'linear' ? tf.clone(x) : activate(x, o.activation)),
});

/**
 * An activation function as a layer; any shape in, same shape out; no params.
 * @example sequential([conv2d({ filters: 8, kernelSize: 3 }), activation({ activation: 'gelu' })])
 */
export function activation(options: ActivationOptions): LayerSpec<ActivationOptions> {
  if (options != null && typeof options === 'object' && 'fn' in options) {
    throw new Error("activation: option 'fn' was renamed to 'activation'");
  }
  return activationLayer(options);
}

/** An activation config saved before the Keras naming (`fn`) with the option renamed `activation`; others as they are. */
export function migrateActivationConfig(config: ModuleConfig): ModuleConfig {
  if (config.kind !== 'activation' || !('fn' in config) || 'activation' in config) return config;
  const { fn, ...rest } = config as ModuleConfig & { fn: unknown };
  return { ...rest, activation: fn } as ModuleConfig;
}
