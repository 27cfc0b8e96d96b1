import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { memoryStore } from './checkpoint';
import { NonFiniteLossError } from './errors';
import type { EpochLog, LearningRateEvent, ProgressEvent } from './events';
import { type FitOptions, fit } from './fit';
import { tensorSource } from './tensor-source';
import { bands, bandsSuite, disposeModel, snapshot, tinyClassifier, tinyFusion } from './test-models';

const suite = bandsSuite(); // 96 band images

const source = suite.source;

async function run(options: FitOptions, dropout = 0.2) {
  const model = tinyFusion({ dropout });
  const result = await fit(model, source(), options);
  const weights = await snapshot(model);
  disposeModel(model);
  return { result, weights };
}

describe('fit', () => {
  it('trains a fusion model: both terms fall, classification uses labeled images only', async () => {
    const { result } = await run({ epochs: 6, batchSize: 16, learningRate: 0.01, seed: 3 });
    const first = result.history[0]!;
    const last = result.history.at(-1)!;
    expect(result.history).toHaveLength(6);
    expect(result.stopReason).toBe('completed');
    expect(result.step).toBe(36);
    expect(last.terms.reconstruction!).toBeLessThan(first.terms.reconstruction!);
    expect(last.terms.classification!).toBeLessThan(first.terms.classification!);
    expect(last.metrics.accuracy).toBeGreaterThan(0.5);
    expect(last.loss).toBeCloseTo(last.terms.reconstruction! + last.terms.classification!, 5);
  });

  it('the same seed gives bit-identical weights and losses twice (dropout on)', async () => {
    const a = await run({ epochs: 2, batchSize: 16, seed: 11 });
    const b = await run({ epochs: 2, batchSize: 16, seed: 11 });
    expect(b.weights).toEqual(a.weights);
    expect(b.result.history.map((h) => h.loss)).toEqual(a.result.history.map((h) => h.loss));
    const c = await run({ epochs: 2, batchSize: 16, seed: 12 });
    expect(c.weights).not.toEqual(a.weights);
  });

  for (const optimizer of [
    'adam',
    { kind: 'sgd', momentum: 0.9 },
    { kind: 'rmsprop', momentum: 0.9 },
  ] as const) {
    const name = typeof optimizer === 'string' ? optimizer : `${optimizer.kind}`;
    it(`resume after a stop (epoch end and mid-epoch) ends bit-identical to an unbroken run (${name})`, async () => {
      const options: FitOptions = {
        epochs: 4,
        batchSize: 16,
        seed: 5,
        optimizer,
        learningRate: 0.01,
        schedule: { kind: 'cosine' },
        clipNorm: 1,
        weightDecay: 0.01,
      };
      const whole = await run(options);

      // stopped at the end of epoch 1, then mid-epoch 2 (after 2 of 6 batches), then resumed to the end
      const store = memoryStore();
      const model = tinyFusion({ dropout: 0.2 });
      const r1 = await fit(model, source(), {
        ...options,
        checkpoint: store,
        callbacks: { onEpochEnd: (e) => (e.epoch === 1 ? e.stop() : undefined) },
      });
      expect(r1).toMatchObject({ stopReason: 'stopped', epochs: 2, step: 12 });
      disposeModel(model);
      const model2 = tinyFusion({ seed: 99, dropout: 0.2 }); // different init: the checkpoint must overwrite it
      const r2 = await fit(model2, source(), {
        ...options,
        checkpoint: store,
        resume: true,
        callbacks: { onBatchEnd: (e) => (e.step === 14 ? e.stop() : undefined) },
      });
      expect(r2).toMatchObject({
        stopReason: 'stopped',
        epochs: 2,
        step: 14,
        resumedFrom: { epoch: 2, step: 12 },
      });
      disposeModel(model2);
      const model3 = tinyFusion({ seed: 42, dropout: 0.2 });
      const r3 = await fit(model3, source(), { ...options, checkpoint: store, resume: true });
      expect(r3).toMatchObject({
        stopReason: 'completed',
        epochs: 4,
        step: 24,
        resumedFrom: { epoch: 2, step: 14 },
      });
      expect(await snapshot(model3)).toEqual(whole.weights);
      expect(r3.history.map((h) => h.loss)).toEqual(whole.result.history.map((h) => h.loss));
      disposeModel(model3);
    });
  }

  it('an aborted signal ends the run after the current step with a mid-epoch checkpoint to resume from', async () => {
    const options: FitOptions = { epochs: 2, batchSize: 16, seed: 8 };
    const whole = await run(options);
    const store = memoryStore();
    const controller = new AbortController();
    const model = tinyFusion({ dropout: 0.2 });
    const r1 = await fit(model, source(), {
      ...options,
      checkpoint: store,
      signal: controller.signal,
      callbacks: { onBatchEnd: (e) => (e.step === 4 ? controller.abort() : undefined) },
    });
    expect(r1).toMatchObject({ stopReason: 'aborted', step: 4, epochs: 0 });
    disposeModel(model);
    const model2 = tinyFusion({ seed: 3, dropout: 0.2 });
    const r2 = await fit(model2, source(), { ...options, checkpoint: store, resume: true });
    expect(r2).toMatchObject({ stopReason: 'completed', step: 12, resumedFrom: { epoch: 0, step: 4 } });
    expect(await snapshot(model2)).toEqual(whole.weights);
    disposeModel(model2);
  });

  it('lets timers run during an epoch, so an abort from a timer (e.g. on SIGINT) is seen mid-epoch', async () => {
    const controller = new AbortController();
    const big = bands(4096);
    const t = setTimeout(() => controller.abort(), 150);
    const model = tinyFusion();
    const result = await fit(model, tensorSource(big), {
      epochs: 3,
      batchSize: 16,
      signal: controller.signal,
    });
    clearTimeout(t);
    expect(result.stopReason).toBe('aborted');
    expect(result.step).toBeGreaterThan(0);
    expect(result.step).toBeLessThan(3 * 256);
    disposeModel(model);
    tf.dispose([big.x, big.y]);
  });

  it('keeps tf.memory().numTensors flat between epoch 1 and epoch 5', async () => {
    const counts: number[] = [];
    const { result } = await run({
      epochs: 5,
      batchSize: 16,
      validationData: tensorSource({ x: suite.data.x, y: suite.data.y }),
      checkpoint: { store: memoryStore(), everySteps: 4 },
      optimizer: { kind: 'sgd', momentum: 0.9 },
      schedule: { kind: 'step', every: 2, factor: 0.5 },
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(result.history).toHaveLength(5);
    expect(counts[4]).toBe(counts[0]);
  });

  it('stops on a NaN loss with an error naming the step and the term, keeping the last good checkpoint', async () => {
    const store = memoryStore();
    const model = tinyFusion();
    // one pixel of image 40 (batch 2 of every epoch without shuffling) is NaN; epoch 0 still passes because
    // the NaN only enters from epoch 1 on (a callback swaps the data in)
    const values = suite.data.x.dataSync().slice();
    values[40 * 16 + 5] = Number.NaN;
    const bad = tf.tensor(values, suite.data.x.shape);
    let err: unknown;
    try {
      const clean = tensorSource({ x: suite.data.x, y: suite.data.y });
      const dirty = tensorSource({ x: bad, y: suite.data.y });
      await fit(
        model,
        { size: 96, batches: (r) => (r.epoch === 0 ? clean : dirty).batches(r) },
        {
          epochs: 3,
          batchSize: 16,
          shuffle: false,
          checkpoint: store,
        },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteLossError);
    const e = err as NonFiniteLossError;
    // epoch 0 = steps 1..6, epoch 1 batch 2 = step 9
    expect(e).toMatchObject({ step: 9, epoch: 1, batch: 2, term: 'reconstruction' });
    expect(e.message).toMatch(
      /loss term 'reconstruction' is NaN at step 9 \(epoch 1, batch 2\).*last good checkpoint \(step 6\)/,
    );
    const before = await snapshot(model);
    expect(before.every((w) => w.every(Number.isFinite))).toBe(true);
    expect(store.bytes).toBeDefined();
    disposeModel(model);
    bad.dispose();
  });

  it('reports progress with images/s and ETA, and learning-rate changes of a step schedule', async () => {
    const progress: ProgressEvent[] = [];
    const lrs: LearningRateEvent[] = [];
    const epochs: EpochLog[] = [];
    await run({
      epochs: 4,
      batchSize: 32,
      learningRate: 0.1,
      optimizer: 'sgd',
      schedule: { kind: 'step', every: 2, factor: 0.5 },
      callbacks: {
        onProgress: (e) => void progress.push(e),
        onLearningRateChange: (e) => void lrs.push(e),
        onEpochEnd: (e) => void epochs.push(e),
      },
    });
    expect(progress).toHaveLength(12);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(progress.at(-1)!.etaSeconds).toBe(0);
    expect(progress[0]!.imagesPerSecond).toBeGreaterThan(0);
    expect(progress[0]!.etaSeconds).toBeGreaterThan(0);
    expect(lrs.map((e) => [e.epoch, e.from, e.to])).toEqual([
      [0, undefined, 0.1],
      [2, 0.1, 0.05],
    ]);
    expect(epochs.map((e) => e.learningRate)).toEqual([0.1, 0.1, 0.05, 0.05]);
  });

  it('early stopping ends the run when the monitored value stops improving', async () => {
    const stops: unknown[] = [];
    const { result } = await run({
      epochs: 30,
      batchSize: 32,
      learningRate: 1e-9,
      earlyStopping: { monitor: 'val.accuracy', patience: 2 },
      validationData: tensorSource({ x: suite.data.x, y: suite.data.y }),
      callbacks: { onEarlyStop: (e) => void stops.push(e) },
    });
    // a learning rate of 1e-9 cannot change the accuracy: best at epoch 0, stop after 2 more epochs + 1
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.epochs).toBe(4);
    expect(stops).toEqual([expect.objectContaining({ monitor: 'val.accuracy', bestEpoch: 0, epoch: 3 })]);
    expect(result.history[0]!.val!.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('denoising strategy reconstructs clean images from corrupted inputs', async () => {
    const { result } = await run({
      epochs: 3,
      batchSize: 16,
      learningRate: 0.01,
      loss: 'mse',
      strategy: { kind: 'denoising', noise: { kind: 'gaussian', std: 0.5 } },
    });
    expect(result.history[0]!.phase).toBe('denoising');
    expect(result.history[2]!.loss).toBeLessThan(result.history[0]!.loss);
  });

  it('checks options eagerly with errors that say what was expected', async () => {
    const model = tinyClassifier();
    const s = source();
    await expect(fit(model, s, { epochs: 0 })).rejects.toThrow(/epochs must be an integer >= 1, got 0/);
    await expect(fit(model, s, { epochs: 1, optimizer: 'lbfgs' as never })).rejects.toThrow(
      /expected 'adam', 'sgd' or 'rmsprop'/,
    );
    await expect(fit(model, s, { epochs: 1, loss: 'mse' })).rejects.toThrow(
      /the loss needs the model's 'reconstruction' output, but it returns logits/,
    );
    await expect(fit(model, {} as never, { epochs: 1 })).rejects.toThrow(
      /fit: data: expected a batch source/,
    );
    await expect(fit(model, s, { epochs: 1, resume: true })).rejects.toThrow(
      /resume needs a checkpoint store/,
    );
    await expect(
      fit(model, s, { epochs: 2, strategy: { kind: 'pretrain', pretrainEpochs: 1 } }),
    ).rejects.toThrow(/must return reconstruction and logits/);
    const wrong = tensorSource({ x: tf.zeros([4, 5, 5, 1]) });
    await expect(fit(model, wrong, { epochs: 1 })).rejects.toThrow(
      /batch 0 of epoch 0 has x of shape \[4,5,5,1\], the model expects \[batch, 4, 4, 1\]/,
    );
    disposeModel(model);
  });

  it('refuses to resume a checkpoint of another seed or another model', async () => {
    const store = memoryStore();
    const { result } = await run({ epochs: 1, batchSize: 32, checkpoint: store, seed: 1 });
    expect(result.epochs).toBe(1);
    const m = tinyFusion();
    await expect(fit(m, source(), { epochs: 2, checkpoint: store, resume: true, seed: 2 })).rejects.toThrow(
      /trained with seed 1, options.seed is 2/,
    );
    disposeModel(m);
    const c = tinyClassifier();
    await expect(fit(c, source(), { epochs: 2, checkpoint: store, resume: true, seed: 1 })).rejects.toThrow(
      /checkpoint is of a 'fusion' model, this model is 'cnn'/,
    );
    disposeModel(c);
    const f = tinyFusion();
    await expect(
      fit(f, source(), { epochs: 2, batchSize: 16, checkpoint: store, resume: true, seed: 1 }),
    ).rejects.toThrow(/trained with batchSize 32 and shuffle true, options give 16 and true/);
    disposeModel(f);
  });
});
