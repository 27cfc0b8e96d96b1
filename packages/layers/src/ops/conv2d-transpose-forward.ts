import { CPU_FUSED_CONV2D_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate } from '../activations';
import type { Padding } from '../conv-shape';
import { hasKernel } from './kernels';
import { subpixelConv2dTranspose } from './subpixel-conv';
import type { SubpixelPlan } from './subpixel-plan';

/** What `conv2dTransposeForward` needs of a transposed conv layer, normalised. */
export interface TransposeGeometry {
  strides: [number, number];
  padding: Padding;
  /** [oh, ow, filters]. */
  outputShape: readonly number[];
  activation: ActivationName;
  /** The sub-pixel form of this transposed conv, or undefined where it does not apply. */
  plan: SubpixelPlan | undefined;
}

/**
 * act(conv2dTranspose(x, kernel) + bias), x [b, h, w, c] → [b, oh, ow, filters]: as a sub-pixel conv where planned,
 * else tfjs's transposed conv.
 * NOTE: cpu's own transposed conv skips the zeros itself and was ~15% faster for inference there than the sub-pixel
 * conv through its conv loops; with aecnn's GEMM conv kernel (registered by @aecnn/backends) the sub-pixel form is
 * the faster again.
 */
export function conv2dTransposeForward(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  g: TransposeGeometry,
  training: boolean,
): Tensor {
  if (g.plan && (training || tf.getBackend() !== 'cpu' || hasKernel(CPU_FUSED_CONV2D_KERNEL))) {
    return subpixelConv2dTranspose(x, kernel, bias, g.plan, g.activation, training);
  }
  return plainConv2dTranspose(x, kernel, bias, g.strides, g.padding, g.outputShape, g.activation);
}

/** The plain form: tfjs's conv2dTranspose, + bias, activation (also the reference the sub-pixel form is tested on). */
export function plainConv2dTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: Padding,
  outputShape: readonly number[],
  act: ActivationName,
): Tensor {
  const [oh, ow, oc] = outputShape as [number, number, number];
  const y = tf.conv2dTranspose(x, kernel, [x.shape[0], oh, ow, oc], strides, padding);
  return activate(bias ? tf.add(y, bias) : y, act);
}
