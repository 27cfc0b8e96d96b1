import { useBackend } from '@aecnn/backends';
import type { Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { anomalyScores } from './anomaly';
import { rocAuc } from './ranking';
import { tensorSource } from './tensor-source';
import { tinyClassifier } from './test-models';

beforeAll(async () => {
  await useBackend('cpu');
});

// A fixed "autoencoder" on [1, 1, 4] images: the reconstruction is the image halved, the latent its pixel sum.
const halving: Model = {
  kind: 'fixed',
  config: { kind: 'fixed' },
  inputShape: [1, 1, 4],
  modules: {},
  outputNames: ['latent', 'reconstruction'],
  lossNames: [],
  forward: (x, _ctx, outputs = ['latent', 'reconstruction']) => ({
    ...(outputs.includes('latent') ? { latent: tf.sum(tf.reshape(x, [-1, 4]), 1, true) } : {}),
    ...(outputs.includes('reconstruction') ? { reconstruction: tf.mul(x, 0.5) } : {}),
  }),
};

// Five images, each one value v in all 4 pixels: the halved reconstruction is off by v / 2 everywhere.
const VALUES = [0, 1, 0.5, 1, 0.2];
const images = () =>
  tf.tensor4d(
    VALUES.flatMap((v) => [v, v, v, v]),
    [5, 1, 1, 4],
  );

describe('anomalyScores', () => {
  it('gives the per-image MSE of the reconstruction, in data order, across batches', async () => {
    const x = images();
    const before = tf.memory().numTensors;
    const s = await anomalyScores(halving, tensorSource({ x }), { score: 'mse', batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(s).toBeInstanceOf(Float32Array);
    // (v / 2)^2
    expect(Array.from(s).map((v) => Number(v.toFixed(6)))).toEqual([0, 0.25, 0.0625, 0.25, 0.01]);
    expect(Array.from(await anomalyScores(halving, tensorSource({ x })))).toEqual(Array.from(s));
    x.dispose();
  });

  it("gives the per-image binary cross-entropy with score 'bce'", async () => {
    const x = tf.tensor4d([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0], [3, 1, 1, 4]);
    const s = await anomalyScores(halving, tensorSource({ x }), { score: 'bce' });
    // a 1 pixel reconstructed as 0.5 costs -ln 0.5 = 0.693147; a 0 pixel reconstructed as 0 (clipped to 1e-7) ~1e-7
    expect(s[0]).toBeCloseTo(Math.LN2, 5);
    expect(s[1]).toBeCloseTo(0, 5);
    expect(s[2]).toBeCloseTo(Math.LN2 / 2, 5);
    x.dispose();
  });

  it("gives a VAE's negative ELBO with score 'elbo': BCE summed over pixels + KL, from the posterior mean", async () => {
    // mean = x, logVar = log 0.25, reconstruction 0.5 everywhere: BCE = 2 log 2 per image whatever x is;
    // KL per dimension = 0.5 (0.25 + m^2 - 1 - log 0.25) = 0.5 (0.6363 + m^2).
    const vae: Model = {
      kind: 'fixedVae',
      config: { kind: 'fixedVae' },
      inputShape: [2],
      modules: {},
      outputNames: ['mean', 'logVar', 'latent', 'reconstruction'],
      lossNames: ['kl'],
      forward: (x) => ({
        mean: tf.clone(x),
        logVar: tf.fill([x.shape[0]!, 2], Math.log(0.25)),
        latent: tf.clone(x),
        reconstruction: tf.fill([x.shape[0]!, 2], 0.5),
      }),
    };
    const x = tf.tensor2d([0, 0, 1, 1, 0.5, 0], [3, 2]);
    const s = await anomalyScores(vae, tensorSource({ x }), { score: 'elbo', batchSize: 2 });
    const klDim = (m: number) => 0.5 * (0.25 + m * m - 1 - Math.log(0.25));
    const want = [klDim(0) * 2, klDim(1) * 2, klDim(0.5) + klDim(0)].map((kl) => 2 * Math.log(2) + kl);
    for (const [i, v] of s.entries()) expect(v).toBeCloseTo(want[i]!, 5);
    x.dispose();
  });

  it('takes a score function, so other scores (a VAE ELBO) plug in', async () => {
    const x = images();
    const bySum = {
      name: 'latent-sum',
      outputs: ['latent'],
      perImage: (out: Record<string, tf.Tensor | undefined>) => tf.reshape(out.latent!, [-1]),
    };
    const s = await anomalyScores(halving, tensorSource({ x }), { score: bySum });
    expect(Array.from(s).map((v) => Number(v.toFixed(6)))).toEqual([0, 4, 2, 4, 0.8]);
    // images of 1 (the anomalies here) score highest
    expect(rocAuc(s, [0, 1, 0, 1, 0])).toBe(1);
    const bad = { ...bySum, perImage: (out: Record<string, tf.Tensor | undefined>) => out.latent! };
    await expect(anomalyScores(halving, tensorSource({ x }), { score: bad })).rejects.toThrow(
      "anomalyScores: score 'latent-sum' must give one value per image [5], got shape [5,1]",
    );
    x.dispose();
  });

  it('explains a model without a reconstruction, an unknown score and an unknown option', async () => {
    const x = tf.zeros([2, 4, 4, 1]);
    const data = tensorSource({ x });
    await expect(anomalyScores(tinyClassifier(), data)).rejects.toThrow(
      "anomalyScores: score 'mse' needs the model output 'reconstruction', but the model returns logits; use a model with a reconstruction",
    );
    await expect(anomalyScores(halving, data, { score: 'psnr' as never })).rejects.toThrow(
      `anomalyScores: score must be 'mse' or 'bce' or 'elbo' or { name, outputs, perImage(out, input) }, got "psnr"`,
    );
    await expect(anomalyScores(halving, data, { score: 'elbo' })).rejects.toThrow(
      "anomalyScores: score 'elbo' needs the model outputs 'mean', 'logVar', but the model returns latent, reconstruction; use a VAE (vae() of @aecnn/models)",
    );
    await expect(anomalyScores(halving, data, { batchsize: 2 } as never)).rejects.toThrow(
      "anomalyScores: unknown option 'batchsize'; did you mean 'batchSize'?",
    );
    await expect(anomalyScores(halving, data, { batchSize: 0 })).rejects.toThrow(
      'anomalyScores: batchSize must be an integer >= 1, got 0',
    );
    await expect(anomalyScores(halving, { size: 0, batches: () => [] })).rejects.toThrow(
      'anomalyScores: data: the batch source is empty',
    );
    x.dispose();
  });
});
