import * as tf from '@tensorflow/tfjs-core';
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

/** Assigns checkpoint weights to the model's variables after checking that names and shapes match exactly. */
export function restoreWeights(
  params: ReadonlyMap<string, tf.Variable>,
  weights: Readonly<Record<string, StoredArray>>,
): void {
  const missing = [...params.keys()].filter((k) => !(k in weights));
  const extra = Object.keys(weights).filter((k) => !params.has(k));
  if (missing.length || extra.length) {
    throw new Error(
      `fit: resume: the checkpoint does not match the model: missing ${missing.join(', ') || 'none'}; unexpected ${extra.join(', ') || 'none'}`,
    );
  }
  for (const [path, v] of params) {
    const w = weights[path]!;
    if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
      throw new Error(
        `fit: resume: weight '${path}' changed shape from [${w.shape}] (checkpoint) to [${v.shape}] (model)`,
      );
    }
  }
  tf.tidy(() => {
    for (const [path, v] of params) {
      const w = weights[path]!;
      v.assign(tf.tensor(w.values, w.shape, v.dtype));
    }
  });
}
