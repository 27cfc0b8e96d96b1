import { useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import { mnist } from '@aecnn/data/node';
import { articleCnn, fusion } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { fit } from './fit';
import { mixLabeled } from './mix';

let train: Dataset;
let test: Dataset;

beforeAll(async () => {
  await useBackend('wasm');
  ({ train, test } = await mnist()); // 8,000 train / 2,000 held-out, stratified, seed 0
});

describe('on the embedded digits (wasm)', () => {
  it("the article's CNN reaches >= 95% on the 2,000 held-out images in 2 epochs", async () => {
    const { model } = articleCnn({ seed: 1 });
    const result = await fit(model, train, {
      epochs: 2,
      batchSize: 32,
      learningRate: 3e-3,
      schedule: { kind: 'cosine' },
      seed: 1,
    });
    expect(result.history[1]!.metrics.accuracy).toBeGreaterThan(0.95);
    const scores = await evaluate(model, test);
    expect(scores.count).toBe(2000);
    // measured 0.9655 with this seed
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(scores.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(2000);
  }, 180_000);

  it('fusion with 100 labels beats the same network trained as a CNN on those 100 labels', async () => {
    const images = train.take(2000).labeledUnlabeled({ labels: 100, seed: 0 });
    // the 100 labeled images, as their own data set
    const all = images.gather(Array.from({ length: images.size }, (_, i) => i));
    const mask = await all.labeledMask!.data();
    tf.dispose([all.x, all.y!, all.labeledMask!]);
    const labeled = images.subset([...mask.keys()].filter((i) => mask[i] === 1));
    expect(labeled.size).toBe(100);

    // Same architecture, seed, optimizer and learning rate; the CNN sees its 100 images 40 times (200 steps), the
    // fusion model 16 of them in each of its 189 steps next to 32 unlabeled images that it learns to reconstruct.
    // One seed is too noisy for a one-point effect, so the claim is on the mean over seeds 1-3.
    const cnnAccuracies: number[] = [];
    const fusedAccuracies: number[] = [];
    for (const seed of [1, 2, 3]) {
      const options = { learningRate: 2e-3, seed };
      const cnn = fusion({ inputShape: [28, 28, 1], seed, dropout: 0.5 }).model;
      await fit(cnn, labeled, { ...options, epochs: 40, batchSize: 20, loss: 'crossEntropy' });
      cnnAccuracies.push((await evaluate(cnn, test)).accuracy!);

      const fused = fusion({ inputShape: [28, 28, 1], seed, dropout: 0.5 }).model;
      await fit(fused, mixLabeled(images, labeled, { labeledPerBatch: 16 }), {
        ...options,
        epochs: 3,
        batchSize: 32,
        loss: { kind: 'fusion', reconstruction: 'mse', a: 30, b: 1 },
      });
      const fusedScores = await evaluate(fused, test);
      fusedAccuracies.push(fusedScores.accuracy!);
      expect(fusedScores.psnr!).toBeGreaterThan(12);
    }
    // measured (CNN / fusion): seed 1 0.779 / 0.770, seed 2 0.7725 / 0.7915, seed 3 0.7565 / 0.780, psnr 16.2-16.5 dB;
    // seed 4, outside the test, 0.7565 / 0.755
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.min(...cnnAccuracies)).toBeGreaterThan(0.6);
    expect(mean(fusedAccuracies)).toBeGreaterThan(mean(cnnAccuracies));
  }, 300_000);
});
