import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import type { EpochLog } from './events';
import { type FitOptions, fit } from './fit';
import { crossEntropyPerImage, toOneHot } from './losses';
import { tensorSource } from './tensor-source';
import {
  bandsSuite,
  disposeModel,
  renamed,
  snapshot,
  tinyAutoencoder,
  tinyClassifier,
  tinyFusion,
  tinyPenalized,
} from './test-models';

const suite = bandsSuite(); // 96 band images

const source = suite.source;
const term = (h: EpochLog[], name: string) => h.map((e) => e.terms[name]!);

// Per-image cross-entropy written by a user: [batch], so fit means it (and masks and weights it).
const userCrossEntropy = (yTrue: tf.Tensor, logits: tf.Tensor) =>
  crossEntropyPerImage(logits, toOneHot(yTrue, logits.shape[1]!));

describe('fit with an open loss', () => {
  it('a loss function on the model’s one output trains it and is logged under the output’s name', async () => {
    const model = tinyClassifier();
    const { history } = await fit(model, tensorSource(suite.data), {
      epochs: 5,
      batchSize: 16,
      learningRate: 0.01,
      loss: userCrossEntropy,
    });
    const logits = term(history, 'logits');
    expect(Object.keys(history[0]!.terms)).toEqual(['logits']);
    expect(logits[4]!).toBeLessThan(logits[0]! * 0.7);
    expect(history[4]!.metrics.accuracy).toBeGreaterThan(0.8);
    disposeModel(model);
  });

  it('a scalar loss function gives the same run as the built-in it rewrites (mse)', async () => {
    const runWith = async (loss: FitOptions['loss']) => {
      const model = tinyAutoencoder();
      const { history } = await fit(model, tensorSource({ x: suite.data.x }), {
        epochs: 3,
        batchSize: 16,
        loss,
      });
      disposeModel(model);
      return history.map((h) => h.loss);
    };
    const builtin = await runWith('mse');
    const own = await runWith((t, p) => tf.mean(tf.squaredDifference(t, p)));
    expect(own).toHaveLength(3);
    for (const [i, v] of own.entries()) expect(v).toBeCloseTo(builtin[i]!, 6);
    expect(own[2]!).toBeLessThan(own[0]!);
  });

  it('a per-output record with lossWeights equals the fusion loss it spells out, on any classification output name', async () => {
    const runWith = async (model: ReturnType<typeof tinyFusion>, options: Partial<FitOptions>) => {
      const r = await fit(model, source(), {
        epochs: 4,
        batchSize: 16,
        learningRate: 0.01,
        seed: 2,
        ...options,
      });
      const weights = await snapshot(model);
      disposeModel(model);
      return { history: r.history, weights };
    };
    const fusion = await runWith(tinyFusion(), { loss: { kind: 'fusion', reconstruction: 'bce', b: 0.5 } });
    const record = await runWith(renamed(tinyFusion(), { logits: 'cls' }), {
      loss: { reconstruction: 'bce', cls: 'crossEntropy' },
      lossWeights: { cls: 0.5 },
    });
    expect(Object.keys(record.history[0]!.terms)).toEqual(['reconstruction', 'cls']);
    // Masked to the labeled third of the images exactly as the fusion's classification term is.
    expect(term(record.history, 'cls')).toEqual(term(fusion.history, 'classification'));
    expect(term(record.history, 'reconstruction')).toEqual(term(fusion.history, 'reconstruction'));
    expect(record.history.map((h) => h.metrics.accuracy)).toEqual(
      fusion.history.map((h) => h.metrics.accuracy),
    );
    expect(record.weights).toEqual(fusion.weights);
    expect(term(record.history, 'cls')[3]!).toBeLessThan(term(record.history, 'cls')[0]!);
  });

  it("adds the model's own loss term (lossNames), logs it by name and lets it pull the activity down", async () => {
    const runWith = async (lossWeights?: Record<string, number>) => {
      const model = tinyPenalized({ coef: 0.5 });
      const before = tf.memory().numTensors;
      const { history } = await fit(model, tensorSource({ x: suite.data.x }), {
        epochs: 6,
        batchSize: 16,
        learningRate: 0.01,
        loss: 'mse',
        ...(lossWeights ? { lossWeights } : {}),
      });
      expect(tf.memory().numTensors).toBe(before);
      disposeModel(model);
      return history;
    };
    const penalized = await runWith();
    const last = penalized.at(-1)!;
    expect(Object.keys(last.terms)).toEqual(['reconstruction', 'activity']);
    expect(last.terms.activity!).toBeLessThan(penalized[0]!.terms.activity! * 0.8);
    expect(last.loss).toBeCloseTo(last.terms.reconstruction! + last.terms.activity!, 6);
    // With weight 0 the term is still reported but no longer trained against: the activity ends higher.
    const free = await runWith({ activity: 0 });
    expect(free.at(-1)!.terms.activity).toBe(0);
    expect(free.at(-1)!.terms.reconstruction!).toBeLessThan(last.terms.reconstruction!);
  });

  it('targets by output name replace the default reconstruction target', async () => {
    const inverse = tf.sub(1, suite.data.x);
    const model = tinyAutoencoder();
    const targets = tensorSource({ x: suite.data.x, targets: { reconstruction: inverse } });
    const { history } = await fit(model, targets, { epochs: 8, batchSize: 16, learningRate: 0.01 });
    expect(history[7]!.loss).toBeLessThan(history[0]!.loss);
    const onInverse = await evaluate(model, targets, { loss: 'mse' });
    const onInput = await evaluate(model, tensorSource({ x: suite.data.x }), { loss: 'mse' });
    expect(onInverse.loss!).toBeLessThan(onInput.loss! / 2);
    disposeModel(model);
    inverse.dispose();
  });
});

describe('sample weights', () => {
  // Rows 0, 2, 4, ... weigh 1, the others 0: batches of 16 in order hold the same 8 weighted images as batches of
  // 8 of the even rows alone, so both runs take the same steps (up to float rounding of the sums).
  const even = () =>
    tf.tensor1d(
      Array.from({ length: 96 }, (_, i) => i * 2).filter((i) => i < 96),
      'int32',
    );

  for (const [name, make, loss] of [
    ['fusion (mse + masked crossEntropy)', () => tinyFusion(), undefined],
    ['a loss function', () => tinyClassifier(), userCrossEntropy],
  ] as const) {
    it(`zero weight on half of every batch equals training on the other half: ${name}`, async () => {
      const weight = tf.tensor1d(Array.from({ length: 96 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
      const idx = even();
      const half = {
        x: tf.gather(suite.data.x, idx),
        y: tf.gather(suite.data.y, idx),
        m: tf.gather(suite.mask, idx),
      };
      const options: FitOptions = {
        epochs: 3,
        shuffle: false,
        learningRate: 0.01,
        ...(loss ? { loss } : {}),
      };
      const a = make();
      const weighted = await fit(
        a,
        tensorSource({ x: suite.data.x, y: suite.data.y, labeledMask: suite.mask, sampleWeight: weight }),
        { ...options, batchSize: 16 },
      );
      const b = make();
      const plain = await fit(b, tensorSource({ x: half.x, y: half.y, labeledMask: half.m }), {
        ...options,
        batchSize: 8,
      });
      const [wa, wb] = [await snapshot(a), await snapshot(b)];
      const drift = Math.max(...wa.flatMap((w, i) => Array.from(w, (v, j) => Math.abs(v - wb[i]![j]!))));
      expect(drift).toBeLessThan(1e-4);
      for (const [i, h] of weighted.history.entries()) {
        expect(h.loss).toBeCloseTo(plain.history[i]!.loss, 5);
        // The built-in metrics (accuracy, mse, psnr) are weighted as the loss is.
        const want = plain.history[i]!.metrics;
        expect(Object.keys(h.metrics)).toEqual(Object.keys(want));
        for (const [k, v] of Object.entries(want)) expect(h.metrics[k]!).toBeCloseTo(v, 4);
      }
      // Unweighted, the other half changes the run.
      const c = make();
      await fit(c, tensorSource({ x: suite.data.x, y: suite.data.y, labeledMask: suite.mask }), {
        ...options,
        batchSize: 16,
      });
      const wc = await snapshot(c);
      expect(wc[0]!.some((v, j) => Math.abs(v - wb[0]![j]!) > 1e-3)).toBe(true);
      for (const m of [a, b, c]) disposeModel(m);
      tf.dispose([weight, idx, half.x, half.y, half.m]);
    });
  }

  it('a scalar loss function cannot be weighted: the error says to return one value per sample', async () => {
    const model = tinyAutoencoder();
    const weight = tf.ones([96]);
    await expect(
      fit(model, tensorSource({ x: suite.data.x, sampleWeight: weight }), {
        epochs: 1,
        loss: (t, p) => tf.mean(tf.squaredDifference(t, p)),
      }),
    ).rejects.toThrow(
      /returned a scalar, but the batch has sampleWeight or a labeledMask; return one value per sample \[32\]/,
    );
    disposeModel(model);
    weight.dispose();
  });
});
