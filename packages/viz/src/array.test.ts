import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDense, toNumbers } from './array.js';
import { imageGrid } from './image-grid.js';
import { latentScatter } from './scatter.js';
import { svgTree } from './testing/svg-tree.js';

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

  it('pictures take tensors directly and create no tensors', () => {
    const x = tf.tidy(() => tf.reshape(tf.div(tf.range(0, 2 * 3 * 3), 17), [2, 3, 3, 1]));
    const z = tf.tensor2d([0, 1, 2, 3, 4, 5], [3, 2]);
    const labels = tf.tensor1d([0, 1, 1], 'int32');
    const before = tf.memory().numTensors;
    expect(svgTree(imageGrid({ rows: [{ title: 't', images: x }] })).cls('image')).toHaveLength(2);
    expect(svgTree(latentScatter({ latents: z, labels })).cls('point')).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, z, labels]);
  });
});
