import type { Model, Module } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';

function walk(m: Module, prefix: string, out: Map<string, tf.Variable>, seen: Set<tf.Variable>): void {
  for (const [name, v] of Object.entries(m.params)) {
    // A Variable shared by two modules is listed once, under the first path that reaches it.
    if (seen.has(v)) continue;
    seen.add(v);
    out.set(`${prefix}${name}`, v);
  }
  for (const [name, child] of Object.entries(m.children)) walk(child, `${prefix}${name}/`, out, seen);
}

/** Every Variable of a model by path (`encoder/block1/conv/kernel`), in module order, each Variable once. */
export function modelParams(model: Model): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  const seen = new Set<tf.Variable>();
  for (const [name, m] of Object.entries(model.modules)) walk(m, `${name}/`, out, seen);
  return out;
}

/** The trainable Variables among `params` whose path starts with one of `modules` (all when omitted). */
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
