import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autoencoder } from './autoencoder';
import { outputShapes, paramShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('autoencoder (conv)', () => {
  it('restores 28x28x1 exactly with the default [16, 32] filters: 111,521 parameters', () => {
    const { model, encoder, decoder } = autoencoder({ inputShape: [28, 28, 1], latentDim: 32, seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 32], reconstruction: [2, 28, 28, 1] });
    expect(encoder.outputShape).toEqual([32]);
    expect(decoder.outputShape).toEqual([28, 28, 1]);
    // encoder (9*1*16+16) + (9*16*32+32) + (7*7*32*32+32) = 160 + 4640 + 50208 = 55008
    // decoder (32*1568+1568) + (9*32*16+16) + (9*16*1+1) = 51744 + 4624 + 145 = 56513
    expect(model.paramCount()).toBe(55008 + 56513);
    expect(model.modules).toEqual({ encoder, decoder });
    expect(Object.keys(paramShapes(model))).toContain('encoder/conv1/kernel');
    expect(Object.keys(paramShapes(model))).toContain('decoder/deconv1/kernel');
  });

  it('restores 32x32x3 exactly, with transposed convs and with upsampling', () => {
    for (const upsample of ['transpose', 'upsample'] as const) {
      const { model } = autoencoder({
        inputShape: [32, 32, 3],
        latentDim: 16,
        filters: [8, 16, 32],
        upsample,
        seed: 2,
      });
      expect(outputShapes(model)).toEqual({ latent: [2, 16], reconstruction: [2, 32, 32, 3] });
    }
  });

  it('crops where the encoder rounded an odd size up: 28 → 14 → 7 → 4 → 8 (crop) → 7 → 14 → 28', () => {
    const { model, decoder } = autoencoder({
      inputShape: [28, 28, 1],
      latentDim: 8,
      filters: [4, 8, 8],
      seed: 3,
    });
    expect(outputShapes(model).reconstruction).toEqual([2, 28, 28, 1]);
    expect(decoder.children.crop3?.outputShape).toEqual([7, 7, 8]);
    const odd = autoencoder({
      inputShape: [15, 9, 2],
      latentDim: 4,
      filters: [4, 4],
      upsample: 'upsample',
      seed: 3,
    });
    expect(outputShapes(odd.model).reconstruction).toEqual([2, 15, 9, 2]);
  });

  it('the article layout (maxpool) inverts 28 → 26 → 13 → 26 → 28', () => {
    const { model } = autoencoder({
      inputShape: [28, 28, 1],
      filters: [32],
      downsample: 'maxpool',
      latentDim: 64,
    });
    expect(outputShapes(model).reconstruction).toEqual([2, 28, 28, 1]);
  });

  it('sigmoid output stays in (0, 1); linear output does not have to', () => {
    const x = tf.randomNormal([4, 28, 28, 1], 0, 3, 'float32', 1);
    const sig = autoencoder({ inputShape: [28, 28, 1], filters: [4], seed: 4 }).model;
    const lin = autoencoder({ inputShape: [28, 28, 1], filters: [4], output: 'linear', seed: 4 }).model;
    const rs = sig.forward(x, { training: false }).reconstruction!;
    const rl = lin.forward(x, { training: false }).reconstruction!;
    expect(tf.min(rs).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.max(rs).dataSync()[0]).toBeLessThan(1);
    expect(tf.min(rl).dataSync()[0]).toBeLessThan(0);
    tf.dispose([x, rs, rl]);
  });

  it('denoising corrupts the input in training only, reproducibly for a seed', () => {
    const { model } = autoencoder({
      inputShape: [8, 8, 1],
      filters: [4],
      latentDim: 4,
      denoising: 0.5,
      seed: 5,
    });
    const x = tf.fill([2, 8, 8, 1], 0.5);
    const clean = model.forward(x, { training: false }).latent!;
    const noisyA = model.forward(x, { training: true, seed: 11 }).latent!;
    const noisyB = model.forward(x, { training: true, seed: 11 }).latent!;
    const plain = autoencoder({ inputShape: [8, 8, 1], filters: [4], latentDim: 4, seed: 5 }).model;
    const plainTrain = plain.forward(x, { training: true, seed: 11 }).latent!;
    expect(tf.max(tf.abs(tf.sub(clean, noisyA))).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(Array.from(noisyA.dataSync())).toEqual(Array.from(noisyB.dataSync()));
    expect(Array.from(plainTrain.dataSync())).toEqual(Array.from(clean.dataSync()));
    tf.dispose([x, clean, noisyA, noisyB, plainTrain]);
  });
});

describe('autoencoder (dense)', () => {
  it('flattens any shape and restores it: 28x28x1 → 256 → 32 → 256 → 784 → 28x28x1', () => {
    const { model } = autoencoder({ inputShape: [28, 28, 1], kind: 'dense', latentDim: 32, seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 32], reconstruction: [2, 28, 28, 1] });
    // (784*256+256) + (256*32+32) + (32*256+256) + (256*784+784)
    expect(model.paramCount()).toBe(200960 + 8224 + 8448 + 201488);
    expect(model.config).toMatchObject({ kind: 'graph', name: 'autoencoder', inputs: [{ name: 'image' }] });
    expect(Object.keys(model.modules)).toEqual(['encoder', 'decoder']);
  });

  it('works without hidden layers and on a flat input', () => {
    const { model } = autoencoder({
      inputShape: [10],
      kind: 'dense',
      filters: [],
      latentDim: 3,
      output: 'linear',
    });
    expect(outputShapes(model)).toEqual({ latent: [2, 3], reconstruction: [2, 10] });
    expect(model.paramCount()).toBe(10 * 3 + 3 + 3 * 10 + 10);
  });
});

describe('autoencoder options', () => {
  const base = { inputShape: [28, 28, 1] as const };
  it.each([
    [
      { ...base, latentDim: 0 },
      /autoencoder: latentDim must be an integer >= 1 \(the size of the latent vector\), got 0/,
    ],
    [{ ...base, latentDim: 2.5 }, /latentDim must be an integer >= 1/],
    [
      { ...base, kernelSize: 29 },
      /autoencoder: kernelSize 29 is larger than the 28x28 input of encoder stage 1/,
    ],
    [
      { ...base, filters: [4, 4, 4, 4, 4, 4], kernelSize: 3 },
      /kernelSize 3 is larger than the 2x2 input of encoder stage 5/,
    ],
    [
      { inputShape: [28, 28] },
      /inputShape must be \[height, width, channels\] of integers >= 1 \(no batch dimension\), got \[28, 28\]/,
    ],
    [{ ...base, kind: 'rnn' }, /kind must be one of "conv", "dense", got "rnn"/],
    [{ ...base, filters: [] }, /filters must be a non-empty list of integers >= 1, got \[\]/],
    [
      { ...base, latentDims: 3 },
      /autoencoder: unknown option 'latentDims'; did you mean 'latentDim'\? expected one of inputShape, latentDim, kind,/,
    ],
    [{ ...base, kind: 'dense', kernelSize: 3 }, /kernelSize only applies to kind 'conv'/],
    [{ ...base, denoising: -1 }, /denoising must be a finite number >= 0, got -1/],
    [{ ...base, output: 'softmax' }, /output must be one of "sigmoid", "linear", got "softmax"/],
    [
      { inputShape: [27, 27, 1], downsample: 'maxpool', filters: [8] },
      /cannot halve exactly.*use downsample 'stride'/,
    ],
  ])('rejects %j', (options, message) => {
    expect(() => autoencoder(options as never)).toThrow(message);
  });
});
