import { useBackend } from '@aecnn/backends';
import { getWeights, paramCount, setWeights, trainableVariables } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleCnn } from './article';
import { featureAutoencoder } from './feature-autoencoder';
import { outputShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('featureAutoencoder', () => {
  it('encodes and restores the 13x13x32 feature maps of 28x28x1 images', () => {
    const { model, features, encoder, decoder } = featureAutoencoder({ seed: 1 });
    expect(features.outputShape).toEqual([13, 13, 32]);
    expect(model.inputShape).toEqual([13, 13, 32]);
    expect(outputShapes(model)).toEqual({ latent: [2, 32], reconstruction: [2, 13, 13, 32] });
    // 13 → 7 (stride 2) → 8 → crop → 13
    expect(decoder.children.crop1?.outputShape).toEqual([13, 13, 32]);
    // encoder 9*32*64+64 = 18496, (7*7*64)*32+32 = 100384; decoder 32*3136+3136 = 103488, 9*64*32+32 = 18464;
    // plus the frozen extractor 9*1*32+32 = 320
    expect(model.paramCount()).toBe(18496 + 100384 + 103488 + 18464 + 320);
    expect(paramCount(model.modules, 'nonTrainable')).toBe(320);
    expect(Object.keys(model.modules)).toEqual(['features', 'encoder', 'decoder']);
    expect(trainableVariables(model.modules).length).toBe(8);
    expect(model.modules.encoder).toBe(encoder);
  });

  it('extract → forward runs end to end on images', () => {
    const { model } = featureAutoencoder({
      inputShape: [32, 32, 3],
      features: { filters: 8 },
      latentDim: 16,
      seed: 2,
    });
    const images = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 1);
    const maps = model.extract(images);
    expect(maps.shape).toEqual([2, 15, 15, 8]);
    const out = model.forward(maps, { training: false });
    expect(out.reconstruction!.shape).toEqual([2, 15, 15, 8]);
    expect(model.summary()).toMatch(/features\/pool1 +maxPool2d +\(None, 15, 15, 8\)/);
    expect(model.summary()).toMatch(/Non-trainable params: 224/); // 3*3*3*8 + 8
    tf.dispose([images, maps, out.latent!, out.reconstruction!]);
  });

  it("compresses a trained CNN's features once its first conv is copied in (same paths: conv1/kernel, conv1/bias)", () => {
    const cnn = articleCnn({ seed: 5 });
    const { model } = featureAutoencoder({ seed: 6 });
    const weights = getWeights(cnn.encoder);
    setWeights(model.features, weights, { strict: false });
    const images = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 2);
    const ctx = { training: false };
    const conv = cnn.encoder.children.conv1!.apply(images, ctx);
    const expected = cnn.encoder.children.pool1!.apply(conv, ctx);
    const maps = model.extract(images);
    expect(Array.from(maps.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([images, conv, expected, maps, ...Object.values(weights)]);
  });

  it.each([
    [{ latentDim: 0 }, /latentDim must be an integer >= 1/],
    [
      { features: { kernelSize: 29 } },
      /featureAutoencoder: kernelSize 29 is larger than the 28x28x1 input of the feature conv|kernelSize 29 is larger than the 28x28 input of the feature conv/,
    ],
    [{ features: { pool: 27 } }, /features.pool 27 is larger than the 26x26 conv output/],
    [
      { kernelSize: 15 },
      /featureAutoencoder \(over 13x13x32 feature maps\): kernelSize 15 is larger than the 13x13 input/,
    ],
  ])('rejects %j', (options, message) => {
    expect(() => featureAutoencoder(options as never)).toThrow(message);
  });
});
