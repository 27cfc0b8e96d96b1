import { describe, expect, it } from 'vitest';
import { memoryStore } from './checkpoint';
import { type FitOptions, fit } from './fit';
import { tensorSource } from './tensor-source';
import { bandsSuite, disposeModel, snapshot, tinyClassifier, tinyFusion } from './test-models';

const suite = bandsSuite(); // 96 band images
const source = suite.source;

describe('fit and the weights', () => {
  it('restoreBest puts back the weights of the best epoch, also across a resume', async () => {
    // The training loss falls every epoch, so monitoring it with mode 'max' makes epoch 0 the best one: a known
    // target that differs from the final weights.
    const store = memoryStore();
    const bestAt: Float32Array[][] = [];
    const options: FitOptions = {
      epochs: 4,
      batchSize: 32,
      learningRate: 0.01,
      earlyStopping: { monitor: 'loss', mode: 'max', patience: 10, restoreBest: true },
      checkpoint: store,
    };
    const model = tinyFusion();
    const r1 = await fit(model, source(), {
      ...options,
      callbacks: {
        onEpochEnd: async (e) => {
          if (e.epoch === 0) bestAt.push(await snapshot(model));
          if (e.epoch === 1) e.stop();
        },
      },
    });
    expect(r1.stopReason).toBe('stopped');
    disposeModel(model);
    const model2 = tinyFusion({ seed: 5 });
    const r2 = await fit(model2, source(), { ...options, resume: true });
    expect(r2.stopReason).toBe('completed');
    // the loss falls every epoch, so under mode 'max' epoch 0 stays the best
    expect(r2.history.map((h) => h.loss)).toEqual([...r2.history.map((h) => h.loss)].sort((a, b) => b - a));
    expect(await snapshot(model2)).toEqual(bestAt[0]);
    disposeModel(model2);
  });

  it('pretrain strategy: reconstruction first, then only the classifier (encoder frozen)', async () => {
    const model = tinyFusion();
    const enc = model.modules.encoder!.params.kernel!;
    let encAfterPretrain: Float32Array | undefined;
    const result = await fit(model, source(), {
      epochs: 4,
      batchSize: 16,
      learningRate: 0.01,
      strategy: { kind: 'pretrain', pretrainEpochs: 2, encoder: 'frozen' },
      callbacks: {
        onPhaseStart: async (e) => {
          if (e.phase === 'classifier') encAfterPretrain = Float32Array.from(await enc.data());
        },
      },
    });
    expect(result.history.map((h) => h.phase)).toEqual(['pretrain', 'pretrain', 'classifier', 'classifier']);
    expect(Object.keys(result.history[0]!.terms)).toEqual(['reconstruction']);
    expect(Object.keys(result.history[3]!.terms)).toEqual(['classification']);
    expect(Float32Array.from(await enc.data())).toEqual(encAfterPretrain);
    expect(result.history[3]!.terms.classification!).toBeLessThan(result.history[2]!.terms.classification!);
    disposeModel(model);
  });

  it("pretrain strategy with encoder 'finetune' trains the encoder in the classifier phase too", async () => {
    const model = tinyFusion();
    const enc = model.modules.encoder!.params.kernel!;
    const dec = model.modules.decoder!.params.kernel!;
    const at: Record<string, Float32Array[]> = {};
    const grab = async () => [Float32Array.from(await enc.data()), Float32Array.from(await dec.data())];
    await fit(model, source(), {
      epochs: 3,
      batchSize: 16,
      learningRate: 0.01,
      strategy: { kind: 'pretrain', pretrainEpochs: 2, encoder: 'finetune' },
      callbacks: {
        onPhaseStart: async (e) => {
          at[e.phase] = await grab();
        },
      },
    });
    const end = await grab();
    expect(end[0]).not.toEqual(at.classifier![0]); // encoder moved
    expect(end[1]).toEqual(at.classifier![1]); // decoder did not
    disposeModel(model);
  });

  it('weight decay shrinks kernels by (1 - lr * weightDecay) per step and leaves biases alone', async () => {
    // Without labels the class term is 0 with zero gradients, so plain SGD moves weights by the decay alone.
    const model = tinyFusion();
    const kernel = model.modules.decoder!.params.kernel!;
    const bias = model.modules.decoder!.params.bias!;
    const k0 = Float32Array.from(await kernel.data());
    const b0 = Float32Array.from(await bias.data());
    await fit(model, tensorSource({ x: suite.data.x }), {
      epochs: 1,
      batchSize: 48,
      optimizer: 'sgd',
      learningRate: 0.1,
      weightDecay: 0.5,
      loss: { kind: 'fusion', a: 0, b: 1 },
    });
    const k1 = await kernel.data();
    for (let i = 0; i < k0.length; i++) expect(k1[i]).toBeCloseTo(k0[i]! * 0.95 * 0.95, 6);
    expect(Float32Array.from(await bias.data())).toEqual(b0);
    disposeModel(model);
    const c = tinyClassifier();
    await expect(fit(c, tensorSource({ x: suite.data.x }), { epochs: 1 })).rejects.toThrow(
      /epoch 0 of phase 'joint' had no labeled images; the classification loss needs batches with y/,
    );
    disposeModel(c);
  });
});
