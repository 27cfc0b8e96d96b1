import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** Names of the activation functions. */
export type ActivationName =
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'gelu'
  | 'sigmoid'
  | 'tanh'
  | 'softmax'
  | 'linear';

/** All activation names, for option checks. */
export const ACTIVATIONS: readonly ActivationName[] = Object.freeze([
  'relu',
  'leakyRelu',
  'elu',
  'gelu',
  'sigmoid',
  'tanh',
  'softmax',
  'linear',
]);

/** Slope of leakyRelu for negative inputs (Keras 3's default). */
export const LEAKY_ALPHA = 0.2;

/** tfjs fused-op activation names for the activations the fused kernels can apply themselves. */
export type FusedActivation = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'leakyrelu';

/** The fused-op form of `name`, or undefined when the fused kernels cannot apply it (gelu, tanh, softmax). */
export function fusedActivation(name: ActivationName): FusedActivation | undefined {
  switch (name) {
    case 'linear':
    case 'relu':
    case 'elu':
    case 'sigmoid':
      return name;
    case 'leakyRelu':
      return 'leakyrelu';
    default:
      return undefined;
  }
}

/** Applies activation `name` (softmax over the last axis; gelu exact, with erf, as Keras's default). */
export function activate(x: Tensor, name: ActivationName): Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_ALPHA);
    case 'elu':
      return tf.elu(x);
    case 'gelu':
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softmax':
      return tf.softmax(x);
    case 'linear':
      return x;
  }
}
