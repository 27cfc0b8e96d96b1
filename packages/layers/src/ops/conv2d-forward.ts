import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate } from '../activations';
import type { Padding } from '../conv-shape';
import { trainingConv2d } from './conv-training';
import { fusedConv2d } from './fused-inference';

/** What `conv2dForward` needs of a conv layer, normalised. */
export interface ConvGeometry {
  strides: [number, number];
  padding: Padding;
  dilation: [number, number];
  activation: ActivationName;
}

/**
 * act(conv2d(x, kernel) + bias), x [b, h, w, c] → [b, h', w', filters]: the training op while training (tfjs's
 * fused conv does not fuse while a gradient is recorded), the fused conv for inference; dilated convs take the
 * plain op.
 */
export function conv2dForward(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  g: ConvGeometry,
  training: boolean,
): Tensor {
  const dilated = g.dilation.some((d) => d > 1);
  if (training && !dilated) return trainingConv2d(x, kernel, bias, g.strides, g.padding, g.activation);
  if (dilated) {
    // NOTE: tfjs's fused conv refuses dilation in its gradient; the plain op's gradient (from @aecnn/backends) does not.
    const y = tf.conv2d(x, kernel, g.strides, g.padding, 'NHWC', g.dilation);
    return activate(bias ? tf.add(y, bias) : y, g.activation);
  }
  return fusedConv2d(x, kernel, bias, g.strides, g.padding, g.activation);
}
