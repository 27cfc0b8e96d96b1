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

describe('Identity on wasm', () => {
  it('shares the data: a clone outlives its source and the source its clone, and both free their memory', () => {
    expect(isOurs('Identity', 'wasm')).toBe(true);
    const before = tf.memory();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const copy = tf.clone(x);
    expect(copy.shape).toEqual([2, 3]);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const again = tf.clone(copy);
    copy.dispose();
    const sum = tf.add(again, 1);
    expect(Array.from(sum.dataSync())).toEqual([2, 3, 4, 5, 6, 7]);
    tf.dispose([again, sum]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('gradients through saved tensors are unchanged (the engine clones what it saves)', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.exp(t), t)))(x);
    // d/dt (t e^t) = e^t (1 + t)
    const want = [0.5, -1, 2].map((t) => Math.exp(t) * (1 + t));
    for (const [i, v] of g.dataSync().entries()) expect(v).toBeCloseTo(want[i]!, 5);
    tf.dispose([x, g]);
  });
});
