import { RELU_GRAD_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate } from '../activations';
import { hasKernel } from './kernels';

/** Activations whose derivative `biasActivation` writes from its output alone (y, not the pre-activation). */
const FROM_OUTPUT: ReadonlySet<ActivationName> = new Set(['relu', 'sigmoid', 'linear']);

/** Whether `biasActivation` takes its own gradient for `act` (others use the plain ops). */
export const hasFastBiasGrad = (act: ActivationName): boolean => FROM_OUTPUT.has(act);

/**
 * act(z + bias) over the last axis as one op whose gradient reads only the output y: relu' = step(y),
 * sigmoid' = y (1 - y) (the formulas of tfjs's own gradients), and whose bias gradient avoids a Sum over every
 * axis but the last (see `biasGrad`). Other activations fall back to the plain add + activation ops.
 */
export function biasActivation(z: Tensor, bias: Tensor | undefined, act: ActivationName): Tensor {
  if (!hasFastBiasGrad(act)) return activate(bias ? tf.add(z, bias) : z, act);
  if (!bias && act === 'linear') return z;
  const op = tf.customGrad(((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const input = args[0] as Tensor;
    const value = activate(bias ? tf.add(input, bias) : input, act);
    save([value]);
    return {
      value,
      gradFunc: (dy: Tensor, [y]: Tensor[]) => {
        const dz = activationGrad(dy, y!, act);
        return bias ? [dz, biasGrad(dz)] : [dz];
      },
    };
  }) as never) as (...inputs: Tensor[]) => Tensor;
  return bias ? op(z, bias) : op(z);
}

/**
 * The gradient of a bias over the last axis: dz summed over every other axis. A 4-D dz [b, h, w, c] is averaged
 * over h x w by one average pool, scaled back, and summed over b (rounding differs from a plain sum by ~1e-7
 * relative).
 * NOTE: on wasm a Sum over axes [0, 1, 2] transposes dz first: 17-35 ms for [64, 26, 26, 32], against 0.4 ms
 * this way (a [1, n] x [n, c] ones-row matMul was no faster than the Sum: it packs dz as weights).
 */
export function biasGrad(dz: Tensor): Tensor {
  if (dz.rank !== 4) return tf.sum(dz, [...Array(dz.rank - 1).keys()]);
  const [b, h, w, c] = dz.shape as [number, number, number, number];
  if (h * w === 1) return tf.sum(tf.reshape(dz, [b, c]), 0);
  const mean = tf.avgPool(dz as Tensor4D, [h, w], [h, w], 'valid');
  return tf.sum(tf.mul(tf.reshape(mean, [b, c]), h * w), 0);
}

/** dL/dz of act(z) from dL/dy and y = act(z), for the activations in FROM_OUTPUT. */
export function activationGrad(dy: Tensor, y: Tensor, act: ActivationName): Tensor {
  switch (act) {
    case 'relu':
      // NOTE: on wasm the fused kernel takes 0.36 ms for [64, 26, 26, 32], step + mul ~1 ms.
      return hasKernel(RELU_GRAD_KERNEL) && dy.dtype === 'float32'
        ? tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y })
        : tf.mul(dy, tf.step(y));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    default:
      return dy;
  }
}
