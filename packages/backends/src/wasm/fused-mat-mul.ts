import type { _FusedMatMulAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './run-kernel';

/** Applies one of tfjs's fusable activations with the backend's own activation kernels. */
export function activate(
  k: KernelRunner,
  x: TensorInfo,
  activation: string,
  alpha: TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): TensorInfo {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return k.run('Relu', { x });
    case 'relu6':
      return k.run('Relu6', { x });
    case 'elu':
      return k.run('Elu', { x });
    case 'sigmoid':
      return k.run('Sigmoid', { x });
    case 'leakyrelu':
      return k.run('LeakyRelu', { x }, { alpha: leakyreluAlpha ?? 0.2 });
    case 'prelu':
      if (alpha == null)
        throw new Error('_FusedMatMul: activation prelu needs preluActivationWeights, got none');
      return k.run('Prelu', { x, alpha });
    default:
      throw new Error(
        `_FusedMatMul: unknown activation '${activation}'; expected linear, relu, relu6, elu, sigmoid, leakyrelu or prelu`,
      );
  }
}

/**
 * _FusedMatMul as BatchMatMul, then Add(bias), then the activation.
 * Why: wasm's fused kernel adds the bias wrongly when the batch is larger than 1 (off by whole rows).
 */
export function fusedMatMulWasm(
  k: KernelRunner,
  {
    a,
    b,
    bias,
    preluActivationWeights,
  }: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo },
  attrs: _FusedMatMulAttrs,
): TensorInfo {
  const product = k.run(
    'BatchMatMul',
    { a, b },
    { transposeA: attrs.transposeA, transposeB: attrs.transposeB },
  );
  const biased = bias == null ? product : k.run('Add', { a: product, b: bias });
  return activate(k, biased, attrs.activation, preluActivationWeights, attrs.leakyreluAlpha);
}
