import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { memoryStore } from './checkpoint';
import { evaluate } from './evaluate';
import type { LearningRateEvent } from './events';
import { type FitOptions, fit } from './fit';
import { mixLabeled } from './mix';
import { tensorSource } from './tensor-source';
import { bandsSuite, disposeModel, tinyAutoencoder, tinyClassifier, tinyFusion } from './test-models';

const suite = bandsSuite(); // 96 band images

describe('schedule function', () => {
  it('(epoch, step) => learningRate sets every step’s rate and trains', async () => {
    const calls: [number, number][] = [];
    const changes: LearningRateEvent[] = [];
    const model = tinyClassifier();
    const { history } = await fit(model, tensorSource(suite.data), {
      epochs: 4,
      batchSize: 32,
      schedule: (epoch, step) => {
        calls.push([epoch, step]);
        return 0.02 * 0.5 ** epoch;
      },
      callbacks: { onLearningRateChange: (e) => void changes.push(e) },
    });
    // 3 steps per epoch; step counts the steps done before the one it is asked for.
    expect(calls).toEqual([0, 1, 2, 3].flatMap((e) => [0, 1, 2].map((b) => [e, 3 * e + b])));
    expect(history.map((h) => h.learningRate)).toEqual([0.02, 0.01, 0.005, 0.0025]);
    expect(changes.map((c) => [c.epoch, c.step, c.to])).toEqual([
      [0, 0, 0.02],
      [1, 3, 0.01],
      [2, 6, 0.005],
      [3, 9, 0.0025],
    ]);
    expect(history[3]!.loss).toBeLessThan(history[0]!.loss);
    disposeModel(model);
  });

  it('a schedule function returning no valid rate fails naming the epoch and the step', async () => {
    const model = tinyClassifier();
    const schedule = ((epoch: number) => (epoch < 1 ? 0.01 : undefined)) as unknown as FitOptions['schedule'];
    await expect(
      fit(model, tensorSource(suite.data), { epochs: 2, batchSize: 32, schedule }),
    ).rejects.toThrow(
      'schedule: the function returned undefined at epoch 1, step 3; expected a finite learning rate > 0',
    );
    await expect(
      fit(model, tensorSource(suite.data), { epochs: 1, batchSize: 32, schedule: () => Number.NaN }),
    ).rejects.toThrow(/returned NaN at epoch 0, step 0/);
    disposeModel(model);
  });
});

describe('validationSplit', () => {
  it('holds out the last rows of the source, like validationData with those rows', async () => {
    const runWith = async (options: Partial<FitOptions>, x = suite.data.x, y = suite.data.y) => {
      const model = tinyClassifier();
      const r = await fit(model, tensorSource({ x, y }), { epochs: 2, batchSize: 16, seed: 4, ...options });
      disposeModel(model);
      return r;
    };
    const split = await runWith({ validationSplit: 0.25 });
    // 96 * 0.75 = 72 training images: 5 steps of 16 per epoch
    expect(split.step).toBe(10);
    expect(split.history[1]!.val!.count).toBe(24);
    const head = { x: tf.slice(suite.data.x, 0, 72), y: tf.slice(suite.data.y, 0, 72) };
    const tail = { x: tf.slice(suite.data.x, 72, 24), y: tf.slice(suite.data.y, 72, 24) };
    const explicit = await runWith({ validationData: tensorSource(tail) }, head.x, head.y);
    expect(split.history.map((h) => h.val)).toEqual(explicit.history.map((h) => h.val));
    expect(split.history.map((h) => h.loss)).toEqual(explicit.history.map((h) => h.loss));
    tf.dispose([head.x, head.y, tail.x, tail.y]);
  });

  it('says why a source cannot be split, and is checked on resume', async () => {
    const model = tinyClassifier();
    const s = tensorSource(suite.data);
    await expect(fit(model, s, { epochs: 1, validationSplit: 0.2, validationData: s })).rejects.toThrow(
      'fit: give validationSplit or validationData, not both',
    );
    await expect(fit(model, s, { epochs: 1, validationSplit: 1 })).rejects.toThrow(
      'fit: validationSplit must be a number in (0, 1), got 1',
    );
    await expect(fit(model, s, { epochs: 1, validationSplit: 0.999 })).rejects.toThrow(
      'fit: validationSplit 0.999 of 96 images leaves 0 for training and 96 for validation; both need at least one',
    );
    const mixed = mixLabeled(s, s, { labeledPerBatch: 4 });
    await expect(fit(model, mixed, { epochs: 1, validationSplit: 0.2 })).rejects.toThrow(
      /validationSplit needs a source with take\(n\) and skip\(n\)/,
    );
    const store = memoryStore();
    await fit(model, s, { epochs: 1, validationSplit: 0.25, checkpoint: store });
    await expect(fit(model, s, { epochs: 2, checkpoint: store, resume: true })).rejects.toThrow(
      'fit: resume: the checkpoint was trained with validationSplit 0.25, options give 0; use the same ones',
    );
    await expect(
      fit(model, s, {
        epochs: 2,
        checkpoint: store,
        resume: true,
        validationSplit: 0.25,
        loss: (_t, p) => tf.sum(p),
      }),
    ).rejects.toThrow(/trained with loss terms \[\["classification"\]\], options give \[\["logits"\]\]/);
    disposeModel(model);
  });
});

describe('metric functions', () => {
  it('{ name, output, fn } is logged per epoch as its mean over the images', async () => {
    const model = tinyAutoencoder();
    const perImageMse = (t: tf.Tensor, p: tf.Tensor) => tf.mean(tf.squaredDifference(t, p), [1, 2, 3]);
    const { history } = await fit(model, tensorSource({ x: suite.data.x }), {
      epochs: 2,
      batchSize: 16,
      metrics: ['mse', { name: 'mine', output: 'reconstruction', fn: perImageMse }],
    });
    for (const h of history) {
      expect(Object.keys(h.metrics)).toEqual(['mse', 'mine']);
      expect(h.metrics.mine!).toBeCloseTo(h.metrics.mse!, 6);
    }
    await expect(
      fit(model, tensorSource({ x: suite.data.x }), {
        epochs: 1,
        metrics: [{ name: 'mine', output: 'logits', fn: perImageMse }],
      }),
    ).rejects.toThrow(
      "fit: metric 'mine' reads output 'logits', but the model returns latent, reconstruction",
    );
    await expect(
      fit(model, tensorSource({ x: suite.data.x }), {
        epochs: 1,
        metrics: [{ name: 'mse', output: 'reconstruction', fn: perImageMse }],
      }),
    ).rejects.toThrow(/needs a name other than accuracy, mse, psnr/);
    disposeModel(model);
  });
});

describe('unknown options', () => {
  it('fit and evaluate reject unknown keys, also in nested options, naming the closest known one', async () => {
    const model = tinyFusion();
    const s = tensorSource(suite.data);
    const bad = async (options: object, message: string | RegExp) =>
      expect(fit(model, s, { epochs: 1, ...options } as FitOptions)).rejects.toThrow(message);
    await bad(
      { validationSplitt: 0.2 },
      "fit: unknown option 'validationSplitt'; did you mean 'validationSplit'?",
    );
    await bad(
      { sampleWeight: [1] },
      /fit: unknown option 'sampleWeight'; .*expected one of epochs, batchSize/,
    );
    await bad(
      { earlyStopping: { patiance: 2 } },
      "fit: earlyStopping: unknown option 'patiance'; did you mean 'patience'?",
    );
    await bad(
      { checkpoint: { store: memoryStore(), everyEpoch: 2 } },
      "fit: checkpoint: unknown option 'everyEpoch'; did you mean 'everyEpochs'?",
    );
    await bad({ loss: { kind: 'fusion', alpha: 2 } }, /loss \(fusion\): unknown option 'alpha'/);
    await bad({ lossWeights: { logit: 2 } }, "lossWeights: unknown option 'logit'; did you mean 'logits'?");
    await bad(
      { schedule: { kind: 'step', every: 1, factr: 0.5 } },
      /schedule \(step\): unknown option 'factr'; did you mean 'factor'\?/,
    );
    await bad(
      { loss: { reconstruction: 'mse', logit: 'crossEntropy' } },
      /names output 'logit', but the model returns latent, reconstruction, logits/,
    );
    await expect(evaluate(model, s, { batchSze: 8 } as never)).rejects.toThrow(
      "evaluate: unknown option 'batchSze'; did you mean 'batchSize'?",
    );
    disposeModel(model);
  });
});
