import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDense, toNumbers } from './array.js';

describe('toDense', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('reads tensors, { data, shape } and nested arrays alike', () => {
    const t = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const want = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    expect(toDense(t, 't')).toEqual(want);
    expect(toDense({ data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, 't')).toEqual(want);
    expect(
      toDense(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        't',
      ),
    ).toEqual(want);
    t.dispose();
  });

  it('names the caller and the problem on bad input', () => {
    expect(() => toDense({ data: [1, 2, 3], shape: [2, 2] }, 'imageGrid: row x')).toThrow(
      'imageGrid: row x: data has 3 values but shape [2, 2] needs 4',
    );
    expect(() => toDense([[1, 2], [3]], 'f')).toThrow(
      /ragged nested array at \[1\]: expected an array of length 2/,
    );
    expect(() => toDense(new Float32Array(4) as never, 'f')).toThrow(/Float32Array \(pass \{ data, shape \}/);
    expect(() => toDense('abc' as never, 'f')).toThrow(
      /expected a tensor, \{ data, shape \} or nested number arrays, got string/,
    );
  });

  it('toNumbers accepts typed arrays and [n, 1] columns but not matrices', () => {
    expect(toNumbers(Int32Array.from([3, 1]), 'l')).toEqual([3, 1]);
    expect(toNumbers({ data: [1, 2], shape: [2, 1] }, 'l')).toEqual([1, 2]);
    expect(() => toNumbers({ data: [1, 2, 3, 4], shape: [2, 2] }, 'labels')).toThrow(
      'labels: expected a 1-D list of numbers, got shape [2, 2]',
    );
  });
});
