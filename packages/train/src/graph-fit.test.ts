import { useBackend } from '@aecnn/backends';
import {
  add,
  build,
  concatenate,
  conv2d,
  convBlock,
  defineLayer,
  dense,
  flatten,
  graph,
  input,
  loadModule,
  memoryHandler,
  saveModule,
} from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fit } from './fit';
import { tensorSource } from './tensor-source';
import { bands, disposeModel } from './test-models';

let data: { x: tf.Tensor; y: tf.Tensor };
beforeAll(async () => {
  await useBackend('cpu');
  data = bands(96, { side: 8 });
});
afterAll(() => tf.dispose([data.x, data.y]));

// One value per sample: the mean square of the features, so the model adds an activity penalty.
const meanSquare = defineLayer({
  kind: 'meanSquare',
  outputShape: () => [],
  forward: (_p, x) => tf.mean(tf.square(tf.reshape(x, [x.shape[0]!, -1])), 1),
});

/** A graph with a skip (concatenate), a residual (add), two named outputs and an added loss term. */
function skipNet() {
  const x = input([8, 8, 1], { name: 'image' });
  const e = convBlock({
    filters: 4,
    kernelSize: 3,
    padding: 'same',
    norm: { type: 'batch', momentum: 0.9 },
  }).apply(x);
  const r = add().apply([
    e,
    conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(e),
  ]);
  const reconstruction = conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid' }).apply(
    concatenate().apply([r, x]),
  );
  const logits = dense({ units: 3 }).apply(flatten().apply(r));
  return graph({
    inputs: x,
    outputs: { reconstruction, logits },
    losses: { activity: meanSquare().apply(r) },
    name: 'skipNet',
  });
}

describe('fit on a graph', () => {
  it('trains every output and the added loss term, and the trained graph reloads identically', async () => {
    const model = build(skipNet(), { seed: 1 });
    const { history } = await fit(model, tensorSource(data), {
      epochs: 6,
      batchSize: 16,
      learningRate: 0.01,
      lossWeights: { activity: 0.01 },
    });
    expect(Object.keys(history[0]!.terms)).toEqual(['reconstruction', 'classification', 'activity']);
    const first = history[0]!;
    const last = history.at(-1)!;
    expect(last.loss).toBeLessThan(first.loss * 0.7);
    expect(last.terms.reconstruction!).toBeLessThan(first.terms.reconstruction!);
    expect(last.metrics.accuracy).toBeGreaterThan(0.8);

    const h = memoryHandler();
    await saveModule(model, h);
    const { module } = await loadModule(h, { kinds: { meanSquare } });
    const x = tf.slice(data.x, [0, 0, 0, 0], [4, -1, -1, -1]);
    const want = model.forward(x, { training: false });
    const got = (module as typeof model).forward(x, { training: false });
    for (const name of ['reconstruction', 'logits', 'activity']) {
      expect(Array.from(got[name]!.dataSync())).toEqual(Array.from(want[name]!.dataSync()));
    }
    tf.dispose([x, ...Object.values(want), ...Object.values(got)]);
    disposeModel(module as typeof model);
    disposeModel(model);
  });
});
