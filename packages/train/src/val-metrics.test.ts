import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import type { EarlyStopEvent } from './events';
import { fit } from './fit';
import type { MetricFn } from './metrics';
import { msePerImage, psnrPerImage } from './metrics';
import { tensorSource } from './tensor-source';
import { bandsSuite, disposeModel, tinyAutoencoder, tinyFusion } from './test-models';

const suite = bandsSuite(); // 96 band images

// The same numbers as the built-in mse and accuracy, written by a user: one value per image.
const mine: MetricFn = {
  name: 'mine',
  output: 'reconstruction',
  fn: (t, p) => tf.mean(tf.squaredDifference(t, p), [1, 2, 3]),
};
const hit: MetricFn = {
  name: 'hit',
  output: 'logits',
  fn: (y, logits) => tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(y, 'int32')), 'float32'),
};

describe('metric functions on validation data', () => {
  it('validationData: val.metrics.<name> per epoch, masked like the loss, equal to evaluate on the final weights', async () => {
    const model = tinyFusion();
    const rows = (from: number, to: number) => tf.range(from, to, 1, 'int32');
    const [tr, va] = [rows(0, 64), rows(64, 96)];
    const part = (idx: tf.Tensor) =>
      tensorSource({
        x: tf.gather(suite.data.x, idx),
        y: tf.gather(suite.data.y, idx),
        labeledMask: tf.gather(suite.mask, idx),
      });
    const validation = part(va);
    const { history } = await fit(model, part(tr), {
      epochs: 2,
      batchSize: 16,
      learningRate: 0.01,
      metrics: ['accuracy', 'mse', mine, hit],
      validationData: validation,
    });
    for (const h of history) {
      expect(Object.keys(h.val!.metrics!)).toEqual(['mine', 'hit']);
      expect(h.val!.metrics!.mine!).toBeCloseTo(h.val!.mse!, 6);
      // Over the labeled validation images only, as val.accuracy.
      expect(h.val!.metrics!.hit!).toBeCloseTo(h.val!.accuracy!, 6);
      expect(h.metrics.hit!).toBeCloseTo(h.metrics.accuracy!, 6);
    }
    const after = await evaluate(model, validation, { metrics: [mine, hit] });
    expect(after.metrics!.mine!).toBeCloseTo(history[1]!.val!.metrics!.mine!, 6);
    expect(after.metrics!.hit!).toBeCloseTo(history[1]!.val!.metrics!.hit!, 6);
    // By hand: the mean per-image MSE of the final model on the 32 validation images.
    const byHand = tf.tidy(() => {
      const x = tf.gather(suite.data.x, va);
      return tf.mean(msePerImage(model.forward(x, { training: false }).reconstruction!, x)).dataSync()[0]!;
    });
    expect(after.metrics!.mine!).toBeCloseTo(byHand, 6);
    await expect(evaluate(model, validation, { metrics: [{ ...mine, output: 'nope' }] })).rejects.toThrow(
      "evaluate: metric 'mine' reads output 'nope', but the model returns latent, reconstruction, logits",
    );
    disposeModel(model);
    tf.dispose([tr, va]);
  });

  it('validationSplit: the held-out rows give val.metrics.<name>', async () => {
    const model = tinyAutoencoder();
    const source = tensorSource({ x: suite.data.x });
    const { history } = await fit(model, source, {
      epochs: 1,
      batchSize: 16,
      metrics: [mine],
      validationSplit: 0.25,
    });
    const val = history[0]!.val!;
    expect(val.count).toBe(24);
    expect(val.metrics!.mine!).toBeCloseTo(val.mse!, 6);
    const heldOut = await evaluate(model, source.skip(72), { metrics: [mine] });
    expect(val.metrics!.mine!).toBeCloseTo(heldOut.metrics!.mine!, 6);
    disposeModel(model);
  });

  it("earlyStopping monitors a metric function on validation data as 'val.<name>'", async () => {
    const model = tinyAutoencoder();
    const stops: EarlyStopEvent[] = [];
    // The validation error falls every epoch, so with mode 'max' epoch 0 stays the best and patience 0 stops at 1.
    const result = await fit(model, tensorSource({ x: suite.data.x }), {
      epochs: 5,
      batchSize: 16,
      learningRate: 0.01,
      metrics: [mine],
      validationSplit: 0.25,
      earlyStopping: { monitor: 'val.mine', mode: 'max', patience: 0 },
      callbacks: { onEarlyStop: (e) => void stops.push(e) },
    });
    const [e0, e1] = result.history.map((h) => h.val!.metrics!.mine!);
    expect(e1!).toBeLessThan(e0!);
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.history).toHaveLength(2);
    expect(stops).toEqual([{ epoch: 1, monitor: 'val.mine', best: e0, bestEpoch: 0 }]);
    await expect(
      fit(model, tensorSource({ x: suite.data.x }), {
        epochs: 1,
        validationSplit: 0.25,
        earlyStopping: { monitor: 'val.mine' },
      }),
    ).rejects.toThrow("earlyStopping: monitor 'val.mine' is not in the epoch log of epoch 0");
    disposeModel(model);
  });
});

describe('sampleWeight in the built-in metrics', () => {
  it('evaluate weighs accuracy, mse, psnr and metric functions by sampleWeight; the confusion matrix counts images', async () => {
    const model = tinyFusion({ seed: 3 });
    const x = tf.slice(suite.data.x, 0, 6);
    const y = tf.slice(suite.data.y, 0, 6);
    const weights = [3, 1, 0, 2, 1, 1];
    const sampleWeight = tf.tensor1d(weights);
    const result = await evaluate(model, tensorSource({ x, y, sampleWeight }), { metrics: [mine] });
    // By hand from the per-image numbers of the same model.
    const { mse, psnr, hits } = tf.tidy(() => {
      const out = model.forward(x, { training: false });
      return {
        mse: Array.from(msePerImage(out.reconstruction!, x).dataSync()),
        psnr: Array.from(psnrPerImage(out.reconstruction!, x).dataSync()),
        hits: Array.from(tf.equal(tf.argMax(out.logits!, -1), y).dataSync()),
      };
    });
    const wMean = (v: number[]) => v.reduce((a, b, i) => a + b * weights[i]!, 0) / 8;
    expect(result.mse!).toBeCloseTo(wMean(mse), 6);
    expect(result.psnr!).toBeCloseTo(wMean(psnr), 4);
    expect(result.accuracy!).toBeCloseTo(wMean(hits), 6);
    expect(result.metrics!.mine!).toBeCloseTo(wMean(mse), 6);
    // The weights change the numbers: unweighted they differ.
    const plain = await evaluate(model, tensorSource({ x, y }));
    expect(Math.abs(plain.mse! - result.mse!)).toBeGreaterThan(1e-4);
    expect(result.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(6);
    expect(result.confusionMatrix).toEqual(plain.confusionMatrix);
    // Images that all weigh 0 give no mean (never 0/0 or NaN).
    const zero = tf.zeros([6]);
    const none = await evaluate(model, tensorSource({ x, y, sampleWeight: zero }));
    expect(none.count).toBe(6);
    expect(none.accuracy).toBeUndefined();
    expect(none.mse).toBeUndefined();
    disposeModel(model);
    tf.dispose([x, y, sampleWeight, zero]);
  });
});
