import { useBackend } from '@aecnn/backends';
import type { Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyFromLogits } from './losses';
import { pseudoLabelTerm, pseudoTargets, resolvePseudoLabels } from './pseudo-labels';

beforeAll(async () => {
  await useBackend('cpu');
});

// A "model" whose logits are the image's 3 pixels themselves, so the test picks its own confidences.
const echo: Model = {
  kind: 'echo',
  config: {},
  inputShape: [1, 3, 1],
  modules: {},
  forward: (x: tf.Tensor) => ({ logits: tf.reshape(x, [x.shape[0]!, 3]) }),
} as unknown as Model;

describe('pseudo-labels', () => {
  it('keep the confident predictions of unlabeled images only', async () => {
    // softmax([5, 0, 0]) = 0.987 (confident, class 0); softmax([0, 1, 0]) = 0.576 (not); softmax([0, 0, 6]) = 0.995
    const x = tf.tensor4d([5, 0, 0, 0, 1, 0, 0, 0, 6, 0, 0, 6], [4, 1, 3, 1]);
    const labeledMask = tf.tensor1d([0, 0, 0, 1]);
    const before = tf.memory().numTensors;
    const t = pseudoTargets(echo, x, labeledMask, 0.9);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(Array.from(await t.mask.data())).toEqual([1, 0, 1, 0]);
    expect(await t.labels.array()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    // without a mask every image counts as unlabeled
    const all = pseudoTargets(echo, x, undefined, 0.9);
    expect(Array.from(await all.mask.data())).toEqual([1, 0, 1, 1]);
    // the term is weight x cross-entropy over the masked rows; without targets it is 0
    const logits = tf.tensor2d([0, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 0], [4, 3]);
    const term = pseudoLabelTerm(logits, t, 0.5);
    const want = crossEntropyFromLogits(logits, t.labels, t.mask);
    expect(term.dataSync()[0]).toBeCloseTo(0.5 * want.dataSync()[0]!, 6);
    // rows 0 and 2 (targets 0 and 2): CE([0,0,0] -> 0) = ln 3; CE([3,2,1] -> 2) = ln(e^3+e^2+e) - 1
    const ce2 = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 1;
    expect(term.dataSync()[0]).toBeCloseTo((0.5 * (Math.log(3) + ce2)) / 2, 5);
    expect(pseudoLabelTerm(logits, undefined, 0.5).dataSync()[0]).toBe(0);
    tf.dispose([x, labeledMask, t.labels, t.mask, all.labels, all.mask, logits, term, want]);
  });

  it('check their options eagerly', () => {
    expect(resolvePseudoLabels(undefined)).toEqual({ threshold: 0.9, weight: 0.5, fromEpoch: 1 });
    expect(resolvePseudoLabels({ threshold: 0.8, fromEpoch: 0 })).toEqual({
      threshold: 0.8,
      weight: 0.5,
      fromEpoch: 0,
    });
    expect(() => resolvePseudoLabels({ threshold: 1 })).toThrow(/threshold must be in \(0, 1\), got 1/);
    expect(() => resolvePseudoLabels({ weight: -1 })).toThrow(/weight must be a finite number > 0, got -1/);
    expect(() => resolvePseudoLabels({ fromEpoch: 1.5 })).toThrow(
      /fromEpoch must be an integer >= 0, got 1.5/,
    );
  });
});
