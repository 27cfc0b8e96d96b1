import { useBackend } from '@aecnn/backends';
import { normalStream } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMixture, fitMixture, sampleMixture } from './latent-mixture';
import type { AecnnModel } from './model';
import { vae } from './vae';
import { decode, generate } from './vae-helpers';
import { chooseLatentMixture, fitLatentMixture, mixtureLogLikelihood } from './vae-prior';

let model: AecnnModel;
beforeAll(async () => {
  await useBackend('cpu');
  model = vae({ inputShape: [12, 12, 1], latentDim: 2, filters: [4, 8], seed: 5 }).model;
});

/** n codes in 2-D: 30% around (-5, 0) with sd 1, 70% around (5, 2) with sd 0.5. */
function twoClusters(n: number): Float64Array {
  const g = normalStream(3);
  const z = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const first = i < 0.3 * n;
    z[2 * i] = first ? -5 + g() : 5 + 0.5 * g();
    z[2 * i + 1] = first ? g() : 2 + 0.5 * g();
  }
  return z;
}

describe('latent mixture', () => {
  it('EM recovers two separated clusters: weights, means and variances', () => {
    const m = fitMixture(twoClusters(4000), 2, { components: 2, iterations: 50, seed: 1 });
    const order = m.means[0]![0]! < m.means[1]![0]! ? [0, 1] : [1, 0];
    const [a, b] = order.map((k) => ({ w: m.weights[k]!, mu: m.means[k]!, v: m.variances[k]! }));
    expect(a!.w).toBeCloseTo(0.3, 2);
    expect(b!.w).toBeCloseTo(0.7, 2);
    expect(a!.mu[0]).toBeCloseTo(-5, 1);
    expect(b!.mu[1]).toBeCloseTo(2, 1);
    expect(a!.v[0]).toBeGreaterThan(0.9);
    expect(a!.v[0]).toBeLessThan(1.1);
    expect(b!.v[1]).toBeGreaterThan(0.22);
    expect(b!.v[1]).toBeLessThan(0.28);
  });

  it('samples follow the mixture, the same for one seed', () => {
    const m = {
      weights: [0.25, 0.75],
      means: [
        [-4, 0],
        [4, 1],
      ],
      variances: [
        [1, 1],
        [0.25, 0.25],
      ],
    };
    const z = sampleMixture(m, 4000, 7);
    const v = z.arraySync();
    const right = v.filter(([x]) => x! > 0);
    expect(right.length / 4000).toBeCloseTo(0.75, 1);
    const meanY = right.reduce((s, [, y]) => s + y!, 0) / right.length;
    expect(meanY).toBeCloseTo(1, 1);
    const again = sampleMixture(m, 4000, 7);
    expect(again.dataSync()).toEqual(z.dataSync());
    tf.dispose([z, again]);
  });

  it('checkMixture names what is wrong', () => {
    const ok = { weights: [1], means: [[0, 0]], variances: [[1, 1]] };
    expect(checkMixture('t', ok, 2)).toBe(2);
    expect(() => checkMixture('t', ok, 3)).toThrow(/means\[0\] must be 3 finite numbers \(the latent size\)/);
    expect(() => checkMixture('t', { ...ok, variances: [[1, 0]] }, 2)).toThrow(
      /variances\[0\] must be 2 finite numbers > 0/,
    );
    expect(() => checkMixture('t', { ...ok, weights: [0.5] }, 2)).toThrow(/weights must sum to 1, got 0.5/);
    expect(() => checkMixture('t', null, 2)).toThrow(/must be an object \{ weights, means, variances \}/);
  });

  it('fits a VAE’s codes, lets generate draw from it, and scores held-out codes', async () => {
    const x = tf.randomUniform([40, 12, 12, 1], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const m = await fitLatentMixture(model, x, { components: 3, iterations: 20, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.weights).toHaveLength(3);
    expect(m.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const a = generate(model, 6, { seed: 4, prior: m });
    const b = generate(model, 6, { seed: 4, prior: m });
    expect(a.shape).toEqual([6, 12, 12, 1]);
    expect(a.dataSync()).toEqual(b.dataSync());
    // Same draws as decoding the mixture's samples directly.
    const z = sampleMixture(m, 6, 4);
    const direct = decode(model, z);
    expect(Array.from(a.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([a, b, z, direct]);
    const fitted = await mixtureLogLikelihood(model, m, x);
    const standard = await mixtureLogLikelihood(
      model,
      { weights: [1], means: [[0, 0]], variances: [[1, 1]] },
      x,
    );
    expect(fitted).toBeGreaterThan(standard);
    expect(() => generate(model, 2, { prior: { weights: [1], means: [[0]], variances: [[1]] } })).toThrow(
      /generate: the latent mixture means\[0\] must be 2 finite numbers/,
    );
    await expect(fitLatentMixture(model, x, { components: 41 })).rejects.toThrow(
      /41 components need at least 41 images, got 40/,
    );
    await expect(fitLatentMixture(model, x, { k: 2 } as never)).rejects.toThrow(/k/);
    x.dispose();
  });

  it('chooseLatentMixture keeps the candidate with the best validation log-likelihood', async () => {
    const x = tf.randomUniform([30, 12, 12, 1], 0, 1, 'float32', 1);
    const v = tf.randomUniform([10, 12, 12, 1], 0, 1, 'float32', 2);
    const c = await chooseLatentMixture(model, x, v, { candidates: [1, 2, 4, 50], iterations: 10, seed: 1 });
    expect(c.byComponents.map((b) => b.components)).toEqual([1, 2, 4]);
    const best = Math.max(...c.byComponents.map((b) => b.validationLogLikelihood));
    expect(c.byComponents.find((b) => b.components === c.components)!.validationLogLikelihood).toBe(best);
    expect(c.mixture.weights).toHaveLength(c.components);
    expect(await mixtureLogLikelihood(model, c.mixture, v)).toBeCloseTo(best, 9);
    await expect(chooseLatentMixture(model, x, v, { candidates: [31, 40] })).rejects.toThrow(
      /every candidate \(31, 40\) has more components than the 30 images/,
    );
    tf.dispose([x, v]);
  });
});
