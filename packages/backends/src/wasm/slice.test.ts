import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index';
import { useBackend } from '../use-backend';
import { isOurs } from './patch-kernel';

beforeAll(async () => {
  await useBackend('wasm');
});
afterAll(async () => {
  await useBackend('cpu');
});

describe('Slice on wasm', () => {
  it('is ours, and cuts contiguous and strided slices of every dtype like the index arithmetic says', () => {
    expect(isOurs('Slice', 'wasm')).toBe(true);
    const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const x = tf.tensor3d(
        values.map((v) => (dtype === 'bool' ? v % 3 : v)),
        [2, 3, 4],
        dtype,
      );
      const at = (i: number, j: number, k: number) =>
        dtype === 'bool' ? Number(values[i * 12 + j * 4 + k]! % 3 > 0) : values[i * 12 + j * 4 + k];
      // contiguous: whole rows of the first axis, and a run within the last rows
      expect(Array.from(tf.slice(x, [1, 0, 0], [1, 3, 4]).dataSync())).toEqual(
        Array.from({ length: 12 }, (_, n) => at(1, Math.floor(n / 4), n % 4)),
      );
      expect(Array.from(tf.slice(x, [1, 1, 0], [1, 2, 4]).dataSync())).toEqual(
        [4, 5, 6, 7, 8, 9, 10, 11].map((n) => at(1, Math.floor(n / 4), n % 4)),
      );
      // strided: falls through to tfjs's kernel
      expect(Array.from(tf.slice(x, [0, 1, 1], [2, 2, 2]).dataSync())).toEqual(
        [
          [0, 1, 1],
          [0, 1, 2],
          [0, 2, 1],
          [0, 2, 2],
          [1, 1, 1],
          [1, 1, 2],
          [1, 2, 1],
          [1, 2, 2],
        ].map(([i, j, k]) => at(i!, j!, k!)),
      );
      x.dispose();
    }
  });

  it('a batch cut from a large source equals a gather of the same rows, and frees what it made', () => {
    const x = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const cut = tf.slice(x, 100, 64);
    const rows = tf.range(100, 164, 1, 'int32');
    const gathered = tf.gather(x, rows);
    expect(cut.shape).toEqual([64, 28, 28, 1]);
    expect(Array.from(cut.dataSync())).toEqual(Array.from(gathered.dataSync()));
    tf.dispose([cut, rows, gathered]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
