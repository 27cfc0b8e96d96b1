import { type Model, namedParams } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';

/** Every Variable of a model by path (`encoder/block1/conv/kernel`), in module order, shared ones once. */
export function modelParams(model: Model): Map<string, tf.Variable> {
  return namedParams(model.modules);
}

/** The trainable (not frozen) Variables among `params` whose path starts with one of `modules` (all when omitted). */
export function selectTrainable(
  params: ReadonlyMap<string, tf.Variable>,
  modules?: readonly string[],
): { path: string; variable: tf.Variable }[] {
  const out: { path: string; variable: tf.Variable }[] = [];
  for (const [path, variable] of params) {
    if (!variable.trainable) continue;
    if (modules && !modules.some((m) => path.startsWith(`${m}/`))) continue;
    out.push({ path, variable });
  }
  return out;
}
