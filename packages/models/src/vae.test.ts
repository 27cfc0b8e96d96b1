import { useBackend } from '@aecnn/backends';
import { loadWeights, memoryHandler, saveModule } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build-model';
import { outputShapes, paramShapes } from './test-helpers';
import { vae } from './vae';

beforeAll(async () => {
  await useBackend('cpu');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('vae', () => {
  it('28x28x1: mean, logVar, latent [b, 16], a reconstruction of the input shape, a kl term per image', () => {
    const { model, encoder, decoder } = vae({ inputShape: [28, 28, 1], seed: 1 });
    expect(outputShapes(model)).toEqual({
      mean: [2, 16],
      logVar: [2, 16],
      latent: [2, 16],
      reconstruction: [2, 28, 28, 1],
      kl: [2],
    });
    expect(model.outputNames).toEqual(['mean', 'logVar', 'latent', 'reconstruction']);
    expect(model.lossNames).toEqual(['kl']);
    expect(Object.keys(model.modules)).toEqual(['encoder', 'sample', 'decoder', 'kl']);
    expect(model.modules.encoder).toBe(encoder);
    expect(decoder.inputShape).toEqual([16]);
    // encoder: conv1 9*1*32+32 = 320, conv2 9*32*64+64 = 18496, mean and logVar 3136*16+16 = 50192 each;
    // decoder: project 16*3136+3136 = 53312, deconv2 9*64*32+32 = 18464, deconv1 9*32*1+1 = 289.
    expect(model.paramCount()).toBe(320 + 18496 + 2 * 50192 + 53312 + 18464 + 289);
    expect(Object.keys(paramShapes(model))).toEqual([
      'encoder/conv1/kernel',
      'encoder/conv1/bias',
      'encoder/conv2/kernel',
      'encoder/conv2/bias',
      'encoder/mean/kernel',
      'encoder/mean/bias',
      'encoder/logVar/kernel',
      'encoder/logVar/bias',
      'decoder/project/kernel',
      'decoder/project/bias',
      'decoder/deconv2/kernel',
      'decoder/deconv2/bias',
      'decoder/deconv1/kernel',
      'decoder/deconv1/bias',
    ]);
  });

  it('32x32x3 and odd sizes restore the input shape exactly', () => {
    const rgb = vae({ inputShape: [32, 32, 3], latentDim: 8, filters: [8, 16], seed: 2 }).model;
    expect(outputShapes(rgb).reconstruction).toEqual([2, 32, 32, 3]);
    expect(outputShapes(rgb).latent).toEqual([2, 8]);
    const odd = vae({ inputShape: [15, 9, 1], latentDim: 2, filters: [4, 4], seed: 2 }).model;
    expect(outputShapes(odd).reconstruction).toEqual([2, 15, 9, 1]);
  });

  it('latent is a seeded sample in training and the mean at inference (a sample when ctx.seed is given)', () => {
    const { model } = vae({ inputShape: [12, 12, 1], latentDim: 4, filters: [4], seed: 3 });
    const x = tf.randomUniform([3, 12, 12, 1], 0, 1, 'float32', 1);
    const inf = model.forward(x, { training: false });
    expect(values(inf.latent!)).toEqual(values(inf.mean!));
    const a = model.forward(x, { training: true, seed: 7 });
    const b = model.forward(x, { training: true, seed: 7 });
    const c = model.forward(x, { training: true, seed: 8 });
    expect(values(a.latent!)).toEqual(values(b.latent!));
    expect(values(a.latent!)).not.toEqual(values(c.latent!));
    expect(values(a.latent!)).not.toEqual(values(a.mean!));
    const sampled = model.forward(x, { training: false, seed: 7 });
    expect(values(sampled.latent!)).toEqual(values(a.latent!));
    // kl = 0.5 * sum(exp(logVar) + mean^2 - 1 - logVar), computed here by hand from the outputs.
    const m = inf.mean!.arraySync() as number[][];
    const v = inf.logVar!.arraySync() as number[][];
    const want = m.map(
      (row, i) => 0.5 * row.reduce((s, mj, j) => s + Math.exp(v[i]![j]!) + mj * mj - 1 - v[i]![j]!, 0),
    );
    const got = values(inf.kl!);
    got.forEach((g, i) => {
      expect(g).toBeCloseTo(want[i]!, 4);
    });
    const beta = vae({ inputShape: [12, 12, 1], latentDim: 4, filters: [4], seed: 3, beta: 0.25 }).model;
    const klBeta = values(beta.forward(x, { training: false }, ['kl']).kl!);
    klBeta.forEach((g, i) => {
      expect(g).toBeCloseTo(0.25 * want[i]!, 4);
    });
    tf.dispose([x, ...Object.values(inf), ...Object.values(a), ...Object.values(b), ...Object.values(c)]);
    tf.dispose(Object.values(sampled));
  });

  it('rebuilds from its config and reloads its weights: identical outputs; no tensor leaks', async () => {
    const { model } = vae({ inputShape: [16, 16, 1], latentDim: 3, filters: [4, 8], beta: 2, seed: 4 });
    const config = JSON.parse(JSON.stringify(model.config));
    const again = buildModel(config, { seed: 99 });
    expect(again.config).toEqual(model.config);
    expect(paramShapes(again)).toEqual(paramShapes(model));
    const h = memoryHandler();
    await saveModule(model.modules, h);
    await loadWeights(again.modules, h);
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 2);
    const want = model.forward(x, { training: true, seed: 3 });
    const got = again.forward(x, { training: true, seed: 3 });
    for (const name of ['mean', 'logVar', 'latent', 'reconstruction', 'kl']) {
      expect(values(got[name]!)).toEqual(values(want[name]!));
    }
    tf.dispose([x, ...Object.values(want), ...Object.values(got)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options naming the option and what was expected', () => {
    expect(() => vae({ inputShape: [28, 28, 1], latentDim: 0 })).toThrow(
      'vae: latentDim must be an integer >= 1 (the size of the latent vector), got 0',
    );
    expect(() => vae({ inputShape: [28, 28, 1], beta: -1 })).toThrow(
      'vae: beta must be a finite number >= 0 (the weight of the KL term; 1 is the plain VAE), got -1',
    );
    expect(() => vae({ inputShape: [28, 28, 1], beta: Number.NaN })).toThrow(
      /vae: beta must be a finite number/,
    );
    expect(() => vae({ inputShape: [28, 28] })).toThrow(
      'vae: inputShape must be [height, width, channels] of integers >= 1 (no batch dimension), got [28, 28]. e.g. [28, 28, 1]',
    );
    expect(() => vae({ inputShape: [2, 2, 1], filters: [4, 4, 4], kernelSize: 3 })).toThrow(
      /vae: kernelSize 3 is larger than the 2x2 input of encoder stage 1/,
    );
    expect(() => vae({ inputShape: [28, 28, 1], latentdim: 4 } as never)).toThrow(
      "vae: unknown option 'latentdim'; did you mean 'latentDim'?",
    );
  });
});
