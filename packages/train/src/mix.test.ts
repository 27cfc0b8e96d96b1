import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from './batch';
import { mixLabeled } from './mix';
import { tensorSource } from './tensor-source';

beforeAll(async () => {
  await useBackend('cpu');
});

async function collect(it: Iterable<Batch> | AsyncIterable<Batch>) {
  const out: { x: number[]; y: number[]; mask: number[] }[] = [];
  for await (const b of it) {
    out.push({
      x: Array.from(await b.x.data()),
      y: Array.from(await b.y!.data()),
      mask: Array.from(await b.labeledMask!.data()),
    });
    tf.dispose([b.x, b.y!, b.labeledMask!]);
  }
  return out;
}

describe('mixLabeled', () => {
  it('appends labeled images (mask 1) to every batch of unlabeled ones (mask 0), cycling the labeled set', async () => {
    // unlabeled images are 0..5, labeled ones 100..102 with labels 0..2 (one image = one pixel)
    const images = tensorSource({ x: tf.tensor4d([0, 1, 2, 3, 4, 5], [6, 1, 1, 1]) });
    const labeled = tensorSource({
      x: tf.tensor4d([100, 101, 102], [3, 1, 1, 1]),
      y: tf.tensor1d([0, 1, 2], 'int32'),
    });
    const before = tf.memory().numTensors;
    const src = mixLabeled(images, labeled, { labeledPerBatch: 2 });
    expect(src.size).toBe(6);
    const batches = await collect(src.batches({ batchSize: 3, epoch: 0, shuffle: false, seed: 0 }));
    expect(batches.map((b) => b.x)).toEqual([
      [0, 1, 2, 100, 101],
      // the labeled pass had one image left (a short batch): a new pass starts
      [3, 4, 5, 100, 101],
    ]);
    expect(batches[0]!.mask).toEqual([0, 0, 0, 1, 1]);
    expect(batches[0]!.y).toEqual([-1, -1, -1, 0, 1]);
    expect(tf.memory().numTensors).toBe(before);
    // seeded: the same epoch twice gives the same batches; another epoch another labeled order
    const shuffled = (e: number) => collect(src.batches({ batchSize: 3, epoch: e, shuffle: true, seed: 4 }));
    expect(await shuffled(1)).toEqual(await shuffled(1));
  });

  it('rejects a bad labeledPerBatch', () => {
    const s = tensorSource({ x: tf.zeros([2, 1, 1, 1]) });
    expect(() => mixLabeled(s, s, { labeledPerBatch: 0 })).toThrow(
      /labeledPerBatch must be an integer >= 1, got 0/,
    );
  });
});
