// Test-only helpers shared by the model tests (not exported from the package).

import type { Model, ModelOutput, ModuleTree } from '@aecnn/layers';
import { namedParams } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';

/** Runs a forward pass on a batch of 2 deterministic inputs and returns the output shapes, freeing everything. */
export function outputShapes(model: Model, training = false): Record<string, number[]> {
  const x = tf.randomUniform([2, ...model.inputShape], 0, 1, 'float32', 3);
  const out: ModelOutput = model.forward(x, { training, seed: 5 });
  const shapes = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, [...(t as tf.Tensor).shape]]));
  tf.dispose([x, ...Object.values(out)]);
  return shapes;
}

/** `path → shape` of every parameter of a module tree, in walk order. */
export function treeShapes(tree: ModuleTree): Record<string, number[]> {
  return Object.fromEntries([...namedParams(tree)].map(([p, v]) => [p, [...v.shape]]));
}

/** `path → shape` of every parameter of a model, in walk order. */
export function paramShapes(model: Model): Record<string, number[]> {
  return treeShapes(model.modules);
}
