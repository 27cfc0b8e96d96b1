import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy, crossEntropyFromLogits, mse, toOneHot } from './losses';

beforeAll(async () => {
  await useBackend('cpu');
});

const val = (t: tf.Tensor) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('losses', () => {
  it('mse averages squared differences', () => {
    // ((1-0)^2 + (2-0)^2 + 0 + (4-2)^2) / 4 = (1 + 4 + 0 + 4) / 4 = 2.25
    expect(val(mse(tf.tensor([1, 2, 3, 4]), tf.tensor([0, 0, 3, 2])))).toBeCloseTo(2.25, 6);
  });

  it('binary cross-entropy matches -mean(t log p + (1-t) log(1-p)) and stays finite at 0 and 1', () => {
    // p = [0.8, 0.3], t = [1, 0]: -(log 0.8 + log 0.7) / 2 = 0.2899092
    expect(val(binaryCrossEntropy(tf.tensor([0.8, 0.3]), tf.tensor([1, 0])))).toBeCloseTo(0.2899092, 5);
    const edge = val(binaryCrossEntropy(tf.tensor([0, 1]), tf.tensor([1, 0])));
    expect(Number.isFinite(edge)).toBe(true);
    expect(edge).toBeGreaterThan(10);
  });

  it('cross-entropy from logits matches log-softmax by hand and takes indices or one-hot', () => {
    // logits [1, 2, 3], label 2: logsumexp = 3 + log(e^-2 + e^-1 + 1) = 3.4076059; loss = 0.4076059
    const logits = tf.tensor2d([[1, 2, 3]]);
    expect(val(crossEntropyFromLogits(logits, tf.tensor1d([2], 'int32')))).toBeCloseTo(0.4076059, 5);
    expect(val(crossEntropyFromLogits(logits, tf.tensor2d([[0, 0, 1]])))).toBeCloseTo(0.4076059, 5);
  });

  it('cross-entropy is stable for huge logits', () => {
    // logits [1000, 0]: label 0 -> ~0, label 1 -> 1000
    const logits = tf.tensor2d([
      [1000, 0],
      [1000, 0],
    ]);
    const v = val(crossEntropyFromLogits(logits, tf.tensor1d([0, 1], 'int32')));
    expect(v).toBeCloseTo(500, 3);
  });

  it('the masked class term counts labeled rows only, and is 0 with finite gradients when none is labeled', () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [5, 0, 0],
    ]);
    const labels = tf.tensor1d([2, 1], 'int32');
    // only row 0 counts: 0.4076059
    expect(val(crossEntropyFromLogits(logits, labels, tf.tensor1d([1, 0])))).toBeCloseTo(0.4076059, 5);
    const none = tf.tensor1d([0, 0]);
    expect(val(crossEntropyFromLogits(logits, labels, none))).toBe(0);
    const g = tf.grad((z: tf.Tensor) => crossEntropyFromLogits(z, labels, none))(logits);
    // zeros (some are -0, which is fine)
    expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('toOneHot rejects labels of the wrong shape', () => {
    expect(() => toOneHot(tf.zeros([2, 4]), 3)).toThrow(
      /expected one-hot rows with 3 classes, got shape \[2,4\]/,
    );
  });
});
