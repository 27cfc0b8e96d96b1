import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, fusedActivation } from '../activations';
import { activationGrad, biasActivation, biasGrad, hasFastBiasGrad } from './bias-activation';
import { kernelGrad } from './conv-kernel-grad';
import { trainingConv2d } from './conv-training';
import { fusedConv2d } from './fused-inference';
import { type PhaseConv, subpixelForward } from './subpixel-phases';
import type { SubpixelPlan } from './subpixel-plan';

/**
 * act(conv2dTranspose(x, kernel) + bias) as one stride-1 conv with sh·sw·filters outputs (one per output phase)
 * followed by depth-to-space: the same sums as tfjs's conv2dTranspose, without its zero-dilated input.
 * NOTE: wasm's Conv2DBackpropInput (and a forward conv over a zero-dilated input) does ~2-4x the multiply-adds
 * for a stride-2 transposed conv and was the largest item of the conv decoders' training and inference.
 */
export function subpixelConv2dTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  act: ActivationName,
  training: boolean,
): Tensor4D {
  if (training && hasFastBiasGrad(act) && plan.rows.adjoint && plan.cols.adjoint) {
    return trainingTranspose(x, kernel, bias, plan, act);
  }
  return subpixelForward(x, kernel, bias, plan, training ? trainingPhases(act) : inferencePhases(act));
}

/** The phase conv while a gradient is recorded: the training conv op (fused bias and activation, cheap gradients). */
const trainingPhases =
  (act: ActivationName): PhaseConv =>
  (x, filter, bias, pad) =>
    trainingConv2d(x, filter, bias, [1, 1], pad, act) as Tensor4D;

/** The phase conv for inference: the fused conv where it can apply `act`, else the plain conv and `act`. */
const inferencePhases =
  (act: ActivationName): PhaseConv =>
  (x, filter, bias, pad) =>
    fusedActivation(act)
      ? fusedConv2d(x, filter, bias, [1, 1], pad, act)
      : (biasActivation(tf.conv2d(x, filter, 1, pad), bias, act) as Tensor4D);

/**
 * The training form: the sub-pixel forward, and the transposed conv's own gradients (tfjs's formulas for
 * Conv2DBackpropInput): dz = dL/d(pre-activation) at the output, dx = conv2d(dz, kernel) with the same stride and
 * padding, the kernel's as the filter gradient of that conv (dz its input, x its output gradient), the bias's a sum
 * of dz. For a 3x3 stride-2 kernel these do 9/16 of the multiply-adds of the sub-pixel conv's gradients (whose
 * 2x2 phase kernels are partly zeros) and need no phase bookkeeping (tile, pick, transposes).
 * NOTE: on wasm, the conv decoder's 7x7x32 → 14x14x16 stage, a batch of 64: input gradient 2.1 → 1.1 ms, kernel
 * gradient ~2.7 → ~2.0 ms (~1.4 ms through aecnn's SIMD kernel gradient, `kernelGrad`).
 */
function trainingTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  act: ActivationName,
): Tensor4D {
  const strides: [number, number] = [plan.rows.s, plan.cols.s];
  const op = tf.customGrad(((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const xi = args[0] as Tensor4D;
    const ki = args[1] as Tensor4D;
    const bi = bias ? (args[2] as Tensor) : undefined;
    // NOTE: with a gradient being recorded tfjs's fused conv does not fuse, even here where nothing is taped;
    // the training op (the backend's FusedConv2D under aecnn's name) does.
    const value = subpixelForward(xi, ki, bi, plan, trainingPhases(act));
    save([xi, ki, value]);
    return {
      value,
      gradFunc: (dy: Tensor, [xs, ks, y]: Tensor[]) => {
        const dz = activationGrad(dy, y!, act) as Tensor4D;
        const grads = [
          tf.conv2d(dz, ks as Tensor4D, strides, plan.padding),
          kernelGrad(dz, xs as Tensor4D, (ks as Tensor4D).shape, strides, plan.padding),
        ];
        return bi ? [...grads, biasGrad(dz)] : grads;
      },
    };
  }) as never) as (...inputs: Tensor[]) => Tensor4D;
  return bias ? op(x, kernel, bias) : op(x, kernel);
}
