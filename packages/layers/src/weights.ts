import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ModuleTree, namedParams } from './params';
import { checkKeys, formatShape, sameShape } from './shape';

/** Every weight by path (`encoder/block1/conv/kernel`), as copies the caller owns (dispose them). */
export function getWeights(root: ModuleTree): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [path, v] of namedParams(root)) out[path] = tf.clone(v);
  return out;
}

/** Options of setWeights. */
export interface SetWeightsOptions {
  /** Reject weights the module does not have (default true). */
  strict?: boolean;
  /** Where the weights came from, for messages (a file, a handler). */
  source?: string;
}

/**
 * Checks every weight's name, shape and dtype, then assigns them all (nothing is assigned if one is wrong).
 * Errors list every missing, mis-shaped or unexpected weight with what was expected.
 */
export function setWeights(
  root: ModuleTree,
  weights: Readonly<Record<string, Tensor>>,
  options: SetWeightsOptions = {},
): void {
  checkKeys(options, ['strict', 'source'], 'setWeights');
  const { strict = true, source } = options;
  const params = namedParams(root);
  const problems: string[] = [];
  for (const [path, v] of params) {
    const w = weights[path];
    const want = `${formatShape(v.shape)} ${v.dtype}`;
    if (w === undefined) problems.push(`missing weight '${path}' (expected ${want})`);
    else if (!sameShape(w.shape, v.shape) || w.dtype !== v.dtype) {
      problems.push(`weight '${path}': expected ${want}, got ${formatShape(w.shape)} ${w.dtype}`);
    }
  }
  if (strict) {
    for (const path of Object.keys(weights)) {
      if (!params.has(path)) problems.push(`unexpected weight '${path}' (the module has no such parameter)`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `setWeights${source ? ` from ${source}` : ''}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
  }
  for (const [path, v] of params) v.assign(weights[path]!);
}
