import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autoencoder } from './autoencoder';
import type { AecnnModel } from './model';
import { vae } from './vae';
import { decode, encode, generate, interpolate, latentManifold, normalQuantile } from './vae-helpers';

const values = (t: tf.Tensor) => Array.from(t.dataSync());
let model: AecnnModel;
beforeAll(async () => {
  await useBackend('cpu');
  model = vae({ inputShape: [12, 12, 1], latentDim: 3, filters: [4, 8], seed: 5 }).model;
});

describe('vae helpers', () => {
  it('encode gives the inference mean and logVar; decode equals the reconstruction of the mean', () => {
    const x = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const { mean, logVar } = encode(model, x);
    const out = model.forward(x, { training: false });
    expect(mean.shape).toEqual([2, 3]);
    expect(values(mean)).toEqual(values(out.mean!));
    expect(values(logVar)).toEqual(values(out.logVar!));
    const images = decode(model, mean);
    expect(images.shape).toEqual([2, 12, 12, 1]);
    expect(values(images)).toEqual(values(out.reconstruction!));
    tf.dispose([mean, logVar, images, ...Object.values(out)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('generate samples the prior: n images in [0, 1], the same for one seed, others for another', () => {
    const before = tf.memory().numTensors;
    const a = generate(model, 5, { seed: 1 });
    const b = generate(model, 5, { seed: 1 });
    const c = generate(model, 5, { seed: 2 });
    expect(a.shape).toEqual([5, 12, 12, 1]);
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    expect(Math.min(...values(a))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values(a))).toBeLessThanOrEqual(1);
    // generate(n, seed) is decode of the seeded standard normal draws.
    const z = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
    const want = decode(model, z);
    expect(values(a)).toEqual(values(want));
    tf.dispose([a, b, c, z, want]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('interpolate runs from the decoded mean of a to that of b in `steps` images', () => {
    const a = tf.randomUniform([12, 12, 1], 0, 1, 'float32', 3);
    const b = tf.randomUniform([1, 12, 12, 1], 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    const strip = interpolate(model, a, b, 4);
    expect(strip.shape).toEqual([4, 12, 12, 1]);
    tf.tidy(() => {
      const recon = model.forward(tf.stack([a, tf.squeeze(b, [0])]), { training: false }).reconstruction!;
      const ends = tf.gather(strip, [0, 3]);
      expect(tf.max(tf.abs(tf.sub(ends, recon))).dataSync()[0]).toBeLessThan(1e-6);
      expect(values(interpolate(model, a, b, 4))).toEqual(values(strip));
    });
    strip.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });

  it('rejects a model that is not a VAE, bad shapes, counts and options', () => {
    const ae = autoencoder({ inputShape: [12, 12, 1], latentDim: 3, filters: [4], seed: 1 }).model;
    expect(() => generate(ae, 2)).toThrow(
      'generate: expected a VAE from vae() (outputs mean, logVar, latent, reconstruction), got a model with outputs latent, reconstruction',
    );
    expect(() => generate(model, 0)).toThrow('generate: n must be an integer >= 1, got 0');
    expect(() => generate(model, 2, { seeds: 1 } as never)).toThrow(
      "generate: unknown option 'seeds'; did you mean 'seed'?",
    );
    const z = tf.zeros([2, 4]);
    expect(() => decode(model, z)).toThrow('decode: z must be latent vectors [batch, 3], got [2, 4]');
    const x = tf.zeros([2, 10, 10, 1]);
    expect(() => encode(model, x)).toThrow('encode: x must be images [batch, 12, 12, 1], got [2, 10, 10, 1]');
    const one = tf.zeros([12, 12, 1]);
    expect(() => interpolate(model, one, one, 1)).toThrow(
      'interpolate: steps must be an integer >= 2, got 1',
    );
    const two = tf.zeros([2, 12, 12, 1]);
    expect(() => interpolate(model, one, two, 3)).toThrow(
      'interpolate: b must be one image, got a batch of 2',
    );
    tf.dispose([z, x, one, two]);
  });
});

describe('latentManifold', () => {
  it('decodes a grid over the prior quantiles of a 2-D VAE: row i has z2 falling, column j z1 rising', () => {
    // Φ⁻¹ of known points: 0.5 → 0, 0.975 → 1.959964, 0.01 → -2.326348 (tail branch)
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    const plane = vae({ inputShape: [8, 8, 1], latentDim: 2, filters: [4], seed: 2 }).model;
    const before = tf.memory().numTensors;
    const grid = latentManifold(plane, 3);
    expect(grid.shape).toEqual([9, 8, 8, 1]);
    // quantiles of 1/6, 3/6, 5/6: the middle cell (row 1, column 1) is z = (0, 0); row 0, column 2 is (z+, z+)
    const zHigh = normalQuantile(5 / 6);
    const z = tf.tensor2d([0, 0, zHigh, zHigh], [2, 2]);
    const want = decode(plane, z);
    const cells = tf.gather(grid, [4, 2]);
    expect(values(cells)).toEqual(values(want));
    tf.dispose([grid, z, want, cells]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => latentManifold(model, 3)).toThrow(
      'latentManifold: expected a VAE with latentDim 2 (a plane to draw), got latentDim 3',
    );
    expect(() => latentManifold(plane, 1)).toThrow(/latentManifold: steps/);
  });
});
