import { CPU_FUSED_CONV2D_KERNEL, CPU_FUSED_MATMUL_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate, fusedActivation, LEAKY_ALPHA } from '../activations';
import type { ConvPadding } from './conv-padding';
import { hasKernel } from './kernels';

/** Activations the cpu GEMM kernels apply themselves. */
const GEMM_ACTIVATIONS: ReadonlySet<string> = new Set(['linear', 'relu', 'sigmoid']);

/**
 * The fused activation name when aecnn's cpu GEMM kernel `kernel` can compute act(...) here: registered for the
 * active backend, float32 input, and no gradient being recorded (the kernels have none).
 */
function gemmActivation(kernel: string, x: Tensor, act: ActivationName): string | undefined {
  const fused = fusedActivation(act);
  const recording = (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
  return fused && GEMM_ACTIVATIONS.has(fused) && x.dtype === 'float32' && !recording && hasKernel(kernel)
    ? fused
    : undefined;
}

/** act(a · b + bias) for inference: aecnn's GEMM kernel where the backend has one (cpu), else tfjs's fused matMul. */
export function fusedMatMul(a: Tensor2D, b: Tensor2D, bias: Tensor | undefined, act: ActivationName): Tensor {
  const gemm = gemmActivation(CPU_FUSED_MATMUL_KERNEL, a, act);
  if (gemm)
    return tf
      .engine()
      .runKernel(CPU_FUSED_MATMUL_KERNEL, bias ? { a, b, bias } : { a, b }, { activation: gemm });
  const fused = fusedActivation(act);
  const y = tf.fused.matMul({ a, b, bias, activation: fused ?? 'linear', leakyreluAlpha: LEAKY_ALPHA });
  return fused ? y : activate(y, act);
}

/**
 * act(conv2d(x, filter) + bias) for inference (dilation 1): aecnn's patches-times-filter GEMM kernel where the
 * backend has one (cpu: 2-5x faster than its loops), else tfjs's fused conv.
 */
export function fusedConv2d(
  x: Tensor4D,
  filter: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  pad: ConvPadding,
  act: ActivationName,
): Tensor4D {
  const gemm = gemmActivation(CPU_FUSED_CONV2D_KERNEL, x, act);
  if (gemm) {
    const inputs: tf.NamedTensorMap = bias ? { x, filter, bias } : { x, filter };
    return tf
      .engine()
      .runKernel(CPU_FUSED_CONV2D_KERNEL, inputs, { strides, pad, activation: gemm }) as Tensor4D;
  }
  const fused = fusedActivation(act);
  const y = tf.fused.conv2d({
    x,
    filter,
    strides,
    pad,
    bias,
    activation: fused ?? 'linear',
    leakyreluAlpha: LEAKY_ALPHA,
  });
  return (fused ? y : activate(y, act)) as Tensor4D;
}
