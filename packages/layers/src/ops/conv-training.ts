import { CPU_FUSED_CONV2D_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, fusedActivation, LEAKY_ALPHA } from '../activations';
import { activationGrad, biasActivation, biasGrad, hasFastBiasGrad } from './bias-activation';
import { kernelGrad } from './conv-kernel-grad';
import type { ConvPadding } from './conv-padding';
import { fusedConv2d } from './fused-inference';
import { ensureTrainingKernel } from './kernels';
import { subpixelForward } from './subpixel-phases';
import { subpixelPlan } from './subpixel-plan';

/**
 * The op behind `trainingConv2d`: the backend's FusedConv2D forward (aecnn's cpu GEMM conv where registered:
 * same inputs and attrs, 2-5x faster than cpu's loops), our gradient.
 */
const GRADIENT: tf.GradConfig = {
  kernelName: 'AecnnConv2DTraining',
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [Tensor4D, Tensor4D, Tensor4D];
    const strides = attrs.strides as [number, number];
    const pad = attrs.pad as ConvPadding;
    // dz serves every input; each input's gradient is only computed when that input needs one (a first layer's
    // input does not), unlike a customGrad, whose gradients are all computed.
    const dz = activationGrad(dy as Tensor, y, attrs.activation as ActivationName) as Tensor4D;
    return {
      x: () => inputGrad(dz, filter, x.shape, strides, pad),
      filter: () => kernelGrad(x, dz, filter.shape, strides, pad),
      bias: () => biasGrad(dz),
    };
  },
};

/**
 * dL/dx of a conv from dz: a transposed conv, as a sub-pixel conv when strided (tfjs's Conv2DBackpropInput
 * dilates dz with zeros and does ~2-4x the multiply-adds).
 */
function inputGrad(
  dz: Tensor4D,
  filter: Tensor4D,
  xShape: [number, number, number, number],
  strides: [number, number],
  pad: ConvPadding,
): Tensor4D {
  const plan =
    typeof pad === 'string' && (strides[0] > 1 || strides[1] > 1)
      ? subpixelPlan(dz.shape.slice(1), filter.shape, strides, pad, xShape.slice(1))
      : undefined;
  return plan
    ? subpixelForward(dz, filter, undefined, plan, (z, f, b, p) => fusedConv2d(z, f, b, [1, 1], p, 'linear'))
    : tf.conv2dTranspose(dz, filter, xShape, strides, pad);
}

/**
 * act(conv2d(x, kernel) + bias) for training (any stride, dilation 1) as one op: the backend's fused conv kernel
 * forward (conv, bias and activation in one pass), and a gradient in which dz = dL/d(conv + bias) is computed once
 * and each input's gradient only when that input needs one (none for a first layer's input):
 * - kernel: `kernelGrad`: aecnn's SIMD kernel on wasm (filters a multiple of 16), from patches for a shallow
 *   input (kh·kw·inC <= PATCH_GRAD_MAX_DEPTH) and on cpu (whose Conv2DBackpropFilter was 100x slower: 4.4 s for
 *   the conv decoder's first stage);
 * - bias: `biasGrad`; input: a transposed conv, sub-pixel when strided.
 * Activations other than relu, sigmoid and linear take the plain conv and tfjs's own ops.
 */
export function trainingConv2d(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: ConvPadding,
  act: ActivationName,
): Tensor {
  if (!hasFastBiasGrad(act)) return biasActivation(tf.conv2d(x, kernel, strides, padding), bias, act);
  ensureTrainingKernel(GRADIENT, [CPU_FUSED_CONV2D_KERNEL, 'FusedConv2D'], 'conv2d');
  const inputs: tf.NamedTensorMap = bias ? { x, filter: kernel, bias } : { x, filter: kernel };
  return tf.engine().runKernel(GRADIENT.kernelName, inputs, {
    strides,
    pad: padding,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation: fusedActivation(act)!,
    leakyreluAlpha: LEAKY_ALPHA,
  }) as Tensor;
}
