import { setWeights } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';
import type { StoredArray } from './checkpoint';

/** Reads every variable into plain arrays for a checkpoint (one async read each). */
export async function readWeights(
  params: ReadonlyMap<string, tf.Variable>,
): Promise<Record<string, StoredArray>> {
  const weights: Record<string, StoredArray> = {};
  for (const [path, v] of params) {
    const values = await v.data();
    weights[path] = {
      shape: v.shape.slice(),
      dtype: v.dtype === 'int32' ? 'int32' : 'float32',
      values: v.dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values),
    };
  }
  return weights;
}

/**
 * Assigns checkpoint weights to the model's variables through layers' setWeights: every name, shape and dtype is
 * checked first, and nothing is assigned unless all match. `where` names the step for messages.
 */
export function restoreWeights(
  params: ReadonlyMap<string, tf.Variable>,
  weights: Readonly<Record<string, StoredArray>>,
  where = 'fit: resume',
): void {
  setWeights(params, weights, { where: `${where}: setWeights`, source: 'the checkpoint' });
}
