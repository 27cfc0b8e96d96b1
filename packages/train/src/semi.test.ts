import { Dataset } from '@aecnn/data';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fit } from './fit';
import { semiSupervised } from './semi-recipe';
import { bandsSuite, disposeModel, snapshot, tinyClassifier, tinyFusion } from './test-models';

const suite = bandsSuite(96, 8); // 96 band images, 12 labeled

const source = suite.source;

describe("strategy 'semi'", () => {
  it('adds a pseudo-label term from fromEpoch on, learns, is seeded and leaks nothing', async () => {
    const run = async () => {
      const model = tinyFusion();
      const before = tf.memory().numTensors;
      const result = await fit(model, source(), {
        epochs: 8,
        batchSize: 16,
        learningRate: 0.02,
        seed: 5,
        strategy: {
          kind: 'semi',
          noise: { kind: 'gaussian', std: 0.1 },
          augment: { shift: { maxShift: 1 } },
          pseudoLabels: { threshold: 0.6, weight: 1, fromEpoch: 2 },
        },
      });
      const leaked = tf.memory().numTensors - before;
      const weights = await snapshot(model);
      disposeModel(model);
      return { result, weights, leaked };
    };
    const a = await run();
    expect(a.leaked).toBe(0);
    const h = a.result.history;
    expect(h.map((e) => e.phase)).toEqual(Array(8).fill('semi'));
    expect(Object.keys(h[0]!.terms)).toEqual(['reconstruction', 'classification', 'pseudo']);
    expect(h[0]!.terms.pseudo).toBe(0);
    expect(h[1]!.terms.pseudo).toBe(0);
    expect(h.slice(2).some((e) => e.terms.pseudo! > 0)).toBe(true);
    expect(h.at(-1)!.terms.reconstruction!).toBeLessThan(h[0]!.terms.reconstruction!);
    expect(h.at(-1)!.loss).toBeCloseTo(
      h.at(-1)!.terms.reconstruction! + h.at(-1)!.terms.classification! + h.at(-1)!.terms.pseudo!,
      5,
    );
    const b = await run();
    expect(b.weights).toEqual(a.weights);
  });

  it('is checked eagerly', async () => {
    const cnn = tinyClassifier();
    await expect(fit(cnn, source(), { epochs: 1, strategy: { kind: 'semi' } })).rejects.toThrow(
      /strategy 'semi': the model must return reconstruction and logits \(a fusion model\), got logits/,
    );
    disposeModel(cnn);
    const f = tinyFusion();
    await expect(
      fit(f, source(), { epochs: 1, strategy: { kind: 'semi', pseudoLabels: { threshold: 2 } } }),
    ).rejects.toThrow(/pseudoLabels: threshold must be in \(0, 1\), got 2/);
    await expect(
      fit(f, source(), { epochs: 1, strategy: { kind: 'semi', augment: { spin: {} } as never } }),
    ).rejects.toThrow(/augment: unknown option 'spin'; expected one of rotation/);
    disposeModel(f);
  });
});

describe('semiSupervised', () => {
  // 40 images of 2x2 pixels, image i all equal to i / 40, label i % 4
  const dataset = () =>
    Dataset.fromArrays({
      images: Uint8Array.from({ length: 160 }, (_, k) => Math.floor(k / 4) * 6),
      height: 2,
      width: 2,
      labels: Uint8Array.from({ length: 40 }, (_, i) => i % 4),
      numClasses: 4,
    });

  it('mixes the labeled images into every batch and turns on noise, shift and pseudo-labels', async () => {
    const semi = dataset().labeledUnlabeled({ labels: 8, seed: 1 });
    const { data: src, strategy } = semiSupervised(semi, { labeledPerBatch: 4 });
    expect(strategy).toEqual({
      kind: 'semi',
      noise: { kind: 'gaussian', std: 0.3 },
      pseudoLabels: { threshold: 0.9, weight: 1, fromEpoch: 3 },
      augment: { shift: { maxShift: 2 } },
    });
    expect(src.size).toBe(40);
    let batches = 0;
    for await (const b of src.batches({ batchSize: 10, epoch: 0, shuffle: true, seed: 2 })) {
      expect(b.x.shape).toEqual([14, 2, 2, 1]);
      const m = Array.from(await b.labeledMask!.data());
      expect(m).toEqual([...Array(10).fill(0), 1, 1, 1, 1]);
      // the appended images carry their labels: one-hot rows that sum to 1
      const y = (await b.y!.array()) as number[][];
      expect(y.slice(10).every((r) => r.reduce((a, v) => a + v, 0) === 1)).toBe(true);
      tf.dispose([b.x, b.y!, b.labeledMask!]);
      batches++;
    }
    expect(batches).toBe(4);
  });

  it('keeps a fully labeled set as it is, without pseudo-labels; options and data are checked', () => {
    const full = dataset();
    expect(semiSupervised(full).strategy).toEqual({
      kind: 'semi',
      noise: false,
      pseudoLabels: false,
      augment: {
        rotation: { maxDegrees: 10 },
        shift: { maxShift: 1 },
        erasing: { probability: 0.5, maxArea: 0.15 },
      },
    });
    const plan = semiSupervised(full, { maxShift: 0, maxDegrees: 0, erasing: false, noise: false });
    expect(plan.data).toBe(full);
    expect(plan.strategy).toEqual({ kind: 'semi', noise: false, pseudoLabels: false });
    expect(semiSupervised(full, { maxShift: 0, erasing: { probability: 1 } }).strategy).toEqual({
      kind: 'semi',
      noise: false,
      pseudoLabels: false,
      augment: { rotation: { maxDegrees: 10 }, erasing: { probability: 1 } },
    });
    expect(() => semiSupervised(full, { maxShift: -1 })).toThrow(/maxShift must be an integer >= 0, got -1/);
    expect(() => semiSupervised(full, { maxDegrees: -5 })).toThrow(
      /maxDegrees must be a number >= 0, got -5/,
    );
    const unlabeled = Dataset.fromArrays({ images: new Uint8Array(16), height: 2, width: 2 });
    expect(() => semiSupervised(unlabeled)).toThrow(/has no labels; expected labeled images/);
  });
});
