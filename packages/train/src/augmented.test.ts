import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmented } from './augmented';
import type { Batch } from './batch';
import { tensorSource } from './tensor-source';

beforeAll(async () => {
  await useBackend('cpu');
});

async function collect(it: Iterable<Batch> | AsyncIterable<Batch>) {
  const out: { x: number[]; y: number[] }[] = [];
  for await (const b of it) {
    out.push({ x: Array.from(await b.x.data()), y: Array.from(await b.y!.data()) });
    tf.dispose([b.x, b.y!]);
  }
  return out;
}

describe('augmented', () => {
  // one bright pixel in the middle of each 5x5 image: a shift moves it, keeps its value and the pixel count
  const middle = () => tf.tidy(() => tf.tile(tf.reshape(tf.oneHot([12], 25), [1, 5, 5, 1]), [4, 1, 1, 1]));

  it('shifts every image by whole pixels, seeded by (seed, epoch, batch); labels pass through; no leaks', async () => {
    const src = augmented(tensorSource({ x: middle(), y: tf.tensor1d([0, 1, 2, 3], 'int32') }), {
      shift: { maxShift: 2 },
    });
    expect(src.size).toBe(4);
    const before = tf.memory().numTensors;
    const req = (epoch: number, seed = 3) => src.batches({ batchSize: 2, epoch, shuffle: false, seed });
    const a = await collect(req(0));
    expect(tf.memory().numTensors).toBe(before);
    expect(a.map((b) => b.y)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const images = a.flatMap((b) => [b.x.slice(0, 25), b.x.slice(25)]);
    for (const img of images) {
      expect(img.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      const at = img.indexOf(1);
      expect(Math.abs((at % 5) - 2)).toBeLessThanOrEqual(2);
      expect(Math.abs(Math.floor(at / 5) - 2)).toBeLessThanOrEqual(2);
    }
    // not all in the middle: something moved
    expect(images.some((img) => img[12] !== 1)).toBe(true);
    expect(await collect(req(0))).toEqual(a);
    expect(await collect(req(1))).not.toEqual(a);
    expect(await collect(req(0, 4))).not.toEqual(a);
  });

  it('rejects an empty or unknown augmentation spec', () => {
    const s = tensorSource({ x: tf.zeros([2, 5, 5, 1]) });
    expect(() => augmented(s, {})).toThrow(/at least one augmentation, e.g. \{ shift/);
    expect(() => augmented(s, { shfit: { maxShift: 1 } } as never)).toThrow(
      /augment: unknown option 'shfit'; did you mean 'shift'\? expected one of rotation, shift/,
    );
  });
});
