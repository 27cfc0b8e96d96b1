import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeBatch } from './batch';
import { Dataset } from './dataset';
import { tinyImages } from './test-utils';

beforeAll(async () => {
  await useBackend('cpu');
});

/** 30 images of 4×3, labels i % 3. */
function tiny(n = 30, classes = 3): Dataset {
  const { images, labels } = tinyImages(n, 4, 3, classes);
  return Dataset.fromArrays({ images, height: 4, width: 3, labels, name: 'tiny' });
}

/** Image i of `tiny` is recognisable by its first pixel (i * 7) % 256. */
function ids(ds: Dataset): number[] {
  return Array.from({ length: ds.size }, (_, i) => ds.image(i)[0]! / 7);
}

describe('Dataset.fromArrays', () => {
  it('infers size, shape and classes', () => {
    const ds = tiny();
    expect([ds.size, ds.numClasses, ds.hasLabels, ds.isPartiallyLabeled]).toEqual([30, 3, true, false]);
    expect(ds.imageShape).toEqual([4, 3, 1]);
    expect(ds.classCounts()).toEqual([10, 10, 10]);
    expect(ds.storageBytes).toBe(30 * 12 + 30 * 4);
  });

  it('rejects bad sizes and labels with the data set name', () => {
    const images = new Uint8Array(25);
    expect(() => Dataset.fromArrays({ images, height: 4, width: 3, name: 'x' })).toThrow(
      'x: 25 image bytes are not a whole number of 4×3×1 images',
    );
    const ok = new Uint8Array(24);
    expect(() => Dataset.fromArrays({ images: ok, height: 4, width: 3, labels: [1], name: 'x' })).toThrow(
      'x: 2 images but 1 labels',
    );
    expect(() =>
      Dataset.fromArrays({ images: ok, height: 4, width: 3, labels: [1, 10], numClasses: 10, name: 'x' }),
    ).toThrow('x: label 10 at index 1 is out of range [0, 10)');
    expect(() => Dataset.fromArrays({ images: ok, height: 4, width: 3, labels: [1, -2], name: 'x' })).toThrow(
      'x: label -2 at index 1 is not a class index >= 0',
    );
    expect(() => Dataset.fromArrays({ images: ok, height: 0, width: 3 })).toThrow(
      'height must be an integer >= 1, got 0',
    );
  });
});

describe('gather / batches', () => {
  it('makes NHWC float32 in [0, 1] and one-hot labels', () => {
    const ds = tiny();
    const b = ds.gather([2, 0]);
    expect(b.x.shape).toEqual([2, 4, 3, 1]);
    expect(b.x.dtype).toBe('float32');
    const x = b.x.dataSync();
    expect(x[0]).toBeCloseTo(14 / 255, 7); // image 2, pixel 0 = 2 * 7
    expect(x[12 + 11]).toBeCloseTo(11 / 255, 7); // image 0, pixel 11
    expect(Array.from(b.y!.dataSync())).toEqual([0, 0, 1, 1, 0, 0]);
    expect(b.labeledMask).toBeUndefined();
    expect(Array.from(b.indices)).toEqual([2, 0]);
    disposeBatch(b);
  });

  it('covers an epoch once; seeded order depends on (seed, epoch)', () => {
    const ds = tiny();
    const order = (opts: { seed?: number; epoch?: number; shuffle?: boolean }) =>
      [...ds.batches({ batchSize: 8, ...opts })].flatMap((b) => Array.from(b.indices));
    const plain = order({});
    expect(plain).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const e0 = order({ shuffle: true, seed: 1, epoch: 0 });
    expect([...e0].sort((a, b) => a - b)).toEqual(plain);
    expect(e0).not.toEqual(plain);
    expect(order({ shuffle: true, seed: 1, epoch: 0 })).toEqual(e0);
    expect(order({ shuffle: true, seed: 1, epoch: 1 })).not.toEqual(e0);
    expect(order({ shuffle: true, seed: 2, epoch: 0 })).not.toEqual(e0);
  });

  it('batch sizes, dropRemainder and numBatches agree', () => {
    const ds = tiny();
    expect([...ds.batches({ batchSize: 8 })].map((b) => b.x.shape[0])).toEqual([8, 8, 8, 6]);
    expect([...ds.batches({ batchSize: 8, dropRemainder: true })].map((b) => b.x.shape[0])).toEqual([
      8, 8, 8,
    ]);
    expect(ds.numBatches(8)).toBe(4);
    expect(ds.numBatches(8, true)).toBe(3);
    expect(() => ds.batches({ batchSize: 0 }).next()).toThrow(
      'tiny.batches: batchSize must be an integer >= 1, got 0',
    );
  });

  it('leaks no tensors over an epoch, including an early break', () => {
    const ds = tiny().labeledUnlabeled({ labels: 6, seed: 1 });
    const before = tf.memory().numTensors;
    let sum = 0;
    for (const b of ds.batches({ batchSize: 7, shuffle: true, seed: 3 })) {
      sum += tf.tidy(() => tf.sum(tf.mul(b.x, 2)).dataSync()[0]!);
      expect(tf.memory().numTensors).toBe(before + 3); // x, y, labeledMask of this batch only
    }
    expect(sum).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    for (const _ of ds.batches({ batchSize: 7 })) break;
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('views', () => {
  it('take, skip, subset and shuffle share storage', () => {
    const ds = tiny();
    expect(ids(ds.take(3))).toEqual([0, 1, 2]);
    expect(ids(ds.skip(28))).toEqual([28, 29]);
    expect(ids(ds.subset([5, 5, 1]))).toEqual([5, 5, 1]);
    expect(ds.take(100).size).toBe(30);
    const s = ds.shuffle(4);
    expect(ids(s).sort((a, b) => a - b)).toEqual(ids(ds));
    expect(ids(ds.shuffle(4))).toEqual(ids(s));
    expect(ds.take(3).storageBytes).toBe(ds.storageBytes);
    expect(ds.take(3).viewBytes).toBe(12);
    expect(() => ds.subset([30])).toThrow('tiny.subset: index must be an integer in [0, 29], got 30');
  });

  it('split is disjoint, stratified, exact and seeded', () => {
    const ds = tiny(31);
    const [a, b] = ds.split(0.8, { seed: 1 });
    expect([a.size, b.size]).toEqual([25, 6]);
    expect(a.classCounts()).toEqual([9, 8, 8]); // classes of 11, 10, 10: shares 8.87, 8.06, 8.06 of 25 -> the extra one to class 0
    expect(b.classCounts()).toEqual([2, 2, 2]);
    const both = [...ids(a), ...ids(b)].sort((x, y) => x - y);
    expect(both).toEqual(ids(ds));
    const [a2] = ds.split(0.8, { seed: 1 });
    const [a3] = ds.split(0.8, { seed: 2 });
    expect(ids(a2)).toEqual(ids(a));
    expect(ids(a3)).not.toEqual(ids(a));
    const [c, d] = ds.split(10, { stratified: false });
    expect([c.size, d.size]).toEqual([10, 21]);
    expect(() => ds.split(40)).toThrow(
      "tiny.split: a count must be an integer <= 31 (the data set's size), got 40",
    );
    expect(() => ds.split(0)).toThrow('first must be a fraction in (0, 1) or a count >= 1, got 0');
  });

  it('stratifiedSubset takes perClass of each class', () => {
    const ds = tiny();
    const s = ds.stratifiedSubset(4, { seed: 9 });
    expect(s.size).toBe(12);
    expect(s.classCounts()).toEqual([4, 4, 4]);
    expect(ids(ds.stratifiedSubset(4, { seed: 9 }))).toEqual(ids(s));
    expect(() => ds.stratifiedSubset(11)).toThrow(
      'tiny.stratifiedSubset: class 0 has 10 labeled images, fewer than perClass = 11',
    );
  });

  it('labeledUnlabeled keeps N balanced labels and hides the rest in y and labeledMask', () => {
    const ds = tiny();
    const semi = ds.labeledUnlabeled({ labels: 7, seed: 2 });
    expect(semi.size).toBe(30);
    expect(semi.labeledCount).toBe(7);
    expect(semi.isPartiallyLabeled).toBe(true);
    expect([...semi.classCounts()].sort()).toEqual([2, 2, 3]);
    expect(ids(semi)).toEqual(ids(ds)); // same images, same order
    const b = semi.gather(Array.from({ length: 30 }, (_, i) => i));
    const mask = b.labeledMask!.dataSync();
    const y = b.y!.arraySync() as number[][];
    const labels = semi.labels();
    for (let i = 0; i < 30; i++) {
      const rowSum = y[i]!.reduce((s, v) => s + v, 0);
      expect(rowSum).toBe(mask[i]);
      expect(labels[i]).toBe(mask[i] ? i % 3 : -1);
      if (mask[i]) expect(y[i]![i % 3]).toBe(1);
    }
    disposeBatch(b);
    // views keep the mask
    expect(semi.take(30).labeledCount).toBe(7);
    expect(() => semi.split(0.5)).not.toThrow(); // non-stratified by default when labels are hidden
    expect(() => semi.split(0.5, { stratified: true })).toThrow('a stratified split needs every label');
    expect(() => ds.labeledUnlabeled({ labels: 31 })).toThrow(
      'tiny.labeledUnlabeled: labels must be an integer in [0, 30], got 31',
    );
    const unlabeled = Dataset.fromArrays({ images: new Uint8Array(12), height: 4, width: 3, name: 'u' });
    expect(() => unlabeled.labeledUnlabeled({ labels: 1 })).toThrow(
      'u.labeledUnlabeled: the data set u has no labels',
    );
  });

  it('unlabeled data sets make batches without y', () => {
    const ds = Dataset.fromArrays({ images: new Uint8Array(24), height: 4, width: 3 });
    const b = ds.gather([0, 1]);
    expect(b.y).toBeUndefined();
    expect(ds.numClasses).toBe(0);
    disposeBatch(b);
  });

  it('toIdx returns images in view order', () => {
    const idx = tiny().subset([3, 1]).toIdx();
    expect(idx.images.shape).toEqual([2, 4, 3]);
    expect(idx.images.data[0]).toBe(21);
    expect(Array.from(idx.labels!.data)).toEqual([0, 1]);
  });
});
