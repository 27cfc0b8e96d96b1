import { useBackend } from '@aecnn/backends';
import type { Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradients } from './clip';
import { evaluate } from './evaluate';
import { accuracyOf, perClassAccuracyOf, psnrPerImage } from './metrics';
import { tensorSource } from './tensor-source';

beforeAll(async () => {
  await useBackend('cpu');
});

// A fixed "model": logits are the first 3 pixels of a [1, 1, 4] image; the reconstruction is the image halved.
const fixed: Model = {
  kind: 'fixed',
  config: { kind: 'fixed' },
  inputShape: [1, 1, 4],
  modules: {},
  outputNames: ['logits', 'reconstruction'],
  lossNames: [],
  forward: (x) => ({
    logits: tf.slice(tf.reshape(x, [-1, 4]), [0, 0], [-1, 3]),
    reconstruction: tf.mul(x, 0.5),
  }),
};

describe('evaluate', () => {
  it('computes the confusion matrix, accuracy, per-class accuracy, mse and psnr', async () => {
    // predictions (argmax of the first 3 pixels): 0, 1, 2, 2, 0 ; labels: 0, 1, 1, 2, 2
    const x = tf.tensor4d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0], [5, 1, 1, 4]);
    const y = tf.tensor1d([0, 1, 1, 2, 2], 'int32');
    const r = await evaluate(fixed, tensorSource({ x, y }), { batchSize: 2, loss: 'crossEntropy' });
    expect(r.count).toBe(5);
    expect(r.confusionMatrix).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [1, 0, 1],
    ]);
    expect(r.accuracy).toBeCloseTo(3 / 5, 6);
    expect(r.perClassAccuracy).toEqual([1, 0.5, 0.5]);
    // every image has one pixel of 1 halved: mse = 0.25 / 4 = 0.0625; psnr = 10 log10(1 / 0.0625) = 12.0412
    expect(r.mse).toBeCloseTo(0.0625, 6);
    expect(r.psnr).toBeCloseTo(12.0412, 3);
    // cross-entropy of logits one-hot-ish [1,0,0]: correct -> log(1 + 2/e) = 0.5514, wrong -> 1.5514
    expect(r.loss).toBeCloseTo((3 * 0.551445 + 2 * 1.551445) / 5, 4);
    tf.dispose([x, y]);
  });

  it('counts only labeled images and leaves classification out without labels', async () => {
    const x = tf.tensor4d([1, 0, 0, 0, 0, 1, 0, 0], [2, 1, 1, 4]);
    const y = tf.tensor1d([1, 1], 'int32');
    const masked = await evaluate(fixed, tensorSource({ x, y, labeledMask: tf.tensor1d([0, 1]) }));
    expect(masked).toMatchObject({ count: 2, labeled: 1, accuracy: 1 });
    const unlabeled = await evaluate(fixed, tensorSource({ x }));
    expect(unlabeled.accuracy).toBeUndefined();
    expect(unlabeled.confusionMatrix).toBeUndefined();
    expect(unlabeled.mse).toBeCloseTo(0.0625, 6);
    tf.dispose([x, y]);
  });
});

describe('metrics', () => {
  it('accuracy and per-class accuracy from a confusion matrix; null for an absent class', () => {
    const cm = [
      [3, 1, 0],
      [0, 0, 0],
      [1, 0, 1],
    ];
    expect(accuracyOf(cm)).toBeCloseTo(4 / 6, 12);
    expect(perClassAccuracyOf(cm)).toEqual([0.75, null, 0.5]);
  });

  it('psnr is capped at 100 dB for a perfect reconstruction', () => {
    const a = tf.ones([1, 2, 2, 1]);
    expect(psnrPerImage(a, a).dataSync()[0]).toBeCloseTo(100, 3);
  });
});

describe('clipGradients', () => {
  it('scales all gradients by clipNorm / globalNorm when above, leaves them when below', () => {
    // global norm of [3] and [4] is 5
    const g = [tf.tensor1d([3]), tf.tensor1d([4])];
    const c = clipGradients(g, { clipNorm: 1 });
    expect(c.map((t) => t.dataSync()[0])).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    const same = clipGradients(g, { clipNorm: 10 });
    expect(same.map((t) => t.dataSync()[0])).toEqual([3, 4]);
    expect(clipGradients(g, { clipValue: 3.5 }).map((t) => t.dataSync()[0])).toEqual([3, 3.5]);
  });
});
