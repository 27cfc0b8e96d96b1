import { useBackend } from '@aecnn/backends';
import { build, conv2d, dense, flatten, type Model, maxPool2d, sequential } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from './checkpoint';
import { fit } from './fit';
import { tensorSource } from './tensor-source';
import { bands } from './test-models';

beforeAll(async () => {
  await useBackend('wasm');
});

function convNet(): Model {
  const encoder = build(
    sequential([
      conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
    ]),
    [8, 8, 1],
    { seed: 1, name: 'encoder' },
  );
  const classifier = build(dense({ units: 3 }), encoder.outputShape, { seed: 2, name: 'classifier' });
  return {
    kind: 'cnn',
    config: { kind: 'cnn' },
    inputShape: [8, 8, 1],
    modules: { encoder, classifier },
    outputNames: ['logits'],
    lossNames: [],
    forward: (x, ctx) => ({ logits: classifier.apply(encoder.apply(x, ctx), ctx) }),
  };
}

describe('fit on wasm', () => {
  it('trains a conv net and keeps tf.memory().numTensors flat between epoch 1 and epoch 5', async () => {
    const data = bands(64, { side: 8 });
    const counts: number[] = [];
    const result = await fit(convNet(), tensorSource(data), {
      epochs: 5,
      batchSize: 16,
      learningRate: 0.01,
      validationData: tensorSource(data),
      checkpoint: { store: memoryStore(), everySteps: 3 },
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(counts).toHaveLength(5);
    expect(counts[4]).toBe(counts[0]);
    expect(result.history[4]!.terms.classification!).toBeLessThan(result.history[0]!.terms.classification!);
    tf.dispose([data.x, data.y]);
  });
});
