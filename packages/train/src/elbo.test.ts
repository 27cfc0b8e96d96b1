import { useBackend } from '@aecnn/backends';
import type { Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasElbo, negativeElbo } from './elbo';
import { evaluate } from './evaluate';
import { binaryCrossEntropySum, binaryCrossEntropySumPerImage, gaussianKlPerImage } from './losses';
import { defaultLoss, resolveLoss } from './objective';
import { tensorSource } from './tensor-source';
import { tinyAutoencoder } from './test-models';

beforeAll(async () => {
  await useBackend('cpu');
});

const values = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

/** A fixed "VAE" of 2-pixel images: mean = x, logVar = log 0.25, reconstruction = 0.5 (+ 0.1 per sample when seeded). */
function fixedVae(): Model {
  return {
    kind: 'fixedVae',
    config: { kind: 'fixedVae' },
    inputShape: [2],
    modules: {},
    outputNames: ['mean', 'logVar', 'latent', 'reconstruction'],
    lossNames: ['kl'],
    forward(x, ctx, outputs) {
      const n = x.shape[0]!;
      const all = {
        mean: tf.clone(x),
        logVar: tf.fill([n, 2], Math.log(0.25)),
        latent: tf.clone(x),
        reconstruction: tf.fill([n, 2], ctx.seed === undefined ? 0.5 : 0.6),
        kl: tf.zeros([n]),
      };
      const wanted = outputs ?? Object.keys(all);
      return Object.fromEntries(Object.entries(all).filter(([k]) => wanted.includes(k)));
    },
  };
}

describe('VAE losses and the negative ELBO', () => {
  it('bceSum sums the Bernoulli NLL over each image; the Gaussian KL matches the closed form', () => {
    // image 1: p = [0.8, 0.3], t = [1, 0] → -(log 0.8 + log 0.7) = 0.5798185; image 2: p = [0.5, 0.5] → 2 log 2 = 1.3862944
    const p = tf.tensor2d([
      [0.8, 0.3],
      [0.5, 0.5],
    ]);
    const t = tf.tensor2d([
      [1, 0],
      [1, 1],
    ]);
    const per = values(binaryCrossEntropySumPerImage(p, t));
    expect(per[0]).toBeCloseTo(0.5798185, 5);
    expect(per[1]).toBeCloseTo(1.3862944, 5);
    expect(values(binaryCrossEntropySum(p, t))[0]).toBeCloseTo((0.5798185 + 1.3862944) / 2, 5);
    // mean [1, 0], logVar [0, log 0.25]: 0.5 * ((1 + 1 - 1 - 0) + (0.25 + 0 - 1 - log 0.25)) = 0.5 * (1 + 0.6362944)
    const kl = values(gaussianKlPerImage(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(0.25)]])));
    expect(kl[0]).toBeCloseTo(0.8181472, 5);
    expect(resolveLoss('bceSum').terms.map((x) => x.name)).toEqual(['reconstruction']);
    expect(defaultLoss(['mean', 'logVar', 'latent', 'reconstruction'], ['kl'])).toBe('bceSum');
    expect(defaultLoss(['latent', 'reconstruction'], ['activity'])).toBe('mse');
    expect(() => resolveLoss({ kind: 'fusion', reconstruction: 'bcesum' as never })).toThrow(
      `loss: fusion reconstruction must be 'mse', 'bce' or 'bceSum', got "bcesum"`,
    );
    tf.dispose([p, t]);
  });

  it('negativeElbo is bceSum + KL per image with a seeded sample; evaluate reports its means', async () => {
    const model = fixedVae();
    expect(hasElbo(model)).toBe(true);
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const before = tf.memory().numTensors;
    const e = negativeElbo(model, x, { seed: 3 });
    // reconstruction 0.6 everywhere: [1, 0] → -(log 0.6 + log 0.4) = 1.4271164, [1, 1] → -2 log 0.6 = 1.0216512
    const recon = values(e.reconstruction);
    expect(recon[0]).toBeCloseTo(1.4271164, 5);
    expect(recon[2]).toBeCloseTo(1.0216512, 5);
    // KL per image: 0.5 * sum(0.25 + m^2 - 1 - log 0.25) = 0.5 * (2 * 0.6362944 + |m|^2)
    const kl = values(e.kl);
    expect(kl[0]).toBeCloseTo(0.5 * (2 * 0.6362944 + 1), 5);
    expect(kl[2]).toBeCloseTo(0.5 * (2 * 0.6362944 + 2), 5);
    const total = values(e.negativeElbo);
    total.forEach((v, i) => {
      expect(v).toBeCloseTo(recon[i]! + kl[i]!, 5);
    });
    expect(tf.memory().numTensors).toBe(before);

    const r = await evaluate(model, tensorSource({ x }), { batchSize: 2 });
    const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(r.reconstructionNll).toBeCloseTo(meanOf(recon), 5);
    expect(r.kl).toBeCloseTo(meanOf(kl), 5);
    expect(r.negativeElbo).toBeCloseTo(meanOf(total), 5);
    // mse stays the deterministic (unseeded) reconstruction's: 0.5 against 0/1 pixels.
    expect(r.mse).toBeCloseTo(0.25, 6);
    x.dispose();
  });

  it('rejects a model without a kl term, and reports no ELBO for one', async () => {
    const ae = tinyAutoencoder({ seed: 1 });
    expect(hasElbo(ae)).toBe(false);
    const x = tf.zeros([2, ...ae.inputShape]);
    expect(() => negativeElbo(ae, x)).toThrow(
      "negativeElbo: expected a VAE (a 'kl' loss term and outputs mean, logVar, reconstruction), got outputs latent, reconstruction",
    );
    const r = await evaluate(ae, tensorSource({ x }));
    expect(r.negativeElbo).toBeUndefined();
    x.dispose();
  });
});
