import { useBackend } from '@aecnn/backends';
import { namedParams, trainableVariables } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusion } from './fusion';
import { outputShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('fusion', () => {
  it('returns latent, reconstruction (the input shape) and logits; 114,283 parameters by default', () => {
    const { model } = fusion({ inputShape: [28, 28, 1], seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 32], reconstruction: [2, 28, 28, 1], logits: [2, 10] });
    // encoder 55008 + decoder 56513 (see autoencoder.test.ts) + classifier (32*64+64) + (64*10+10) = 2762
    expect(model.paramCount()).toBe(55008 + 56513 + 2762);
    expect(model.summary()).toMatch(/^graph fusion: inputs image\n/);
    expect(model.summary()).toMatch(/classifier +sequential +\(None, 10\) +2,762 +encoder/);
    expect(model.summary()).toMatch(
      /Outputs: latent ← encoder, reconstruction ← decoder, logits ← classifier/,
    );
  });

  it('restores 32x32x3 and classifies 100 classes', () => {
    const { model } = fusion({
      inputShape: [32, 32, 3],
      latentDim: 64,
      classes: 100,
      filters: [16, 32, 64],
      seed: 2,
    });
    expect(outputShapes(model, true)).toEqual({
      latent: [2, 64],
      reconstruction: [2, 32, 32, 3],
      logits: [2, 100],
    });
  });

  it('both heads share the encoder: one set of Variables, the same objects', () => {
    const { model, encoder, decoder, classifier } = fusion({ inputShape: [28, 28, 1], seed: 3 });
    expect(model.modules).toEqual({ encoder, decoder, classifier });
    expect(model.modules.encoder).toBe(encoder);
    const params = namedParams(model.modules);
    expect(params.get('encoder/conv1/kernel')).toBe(encoder.children.conv1!.params.kernel);
    expect(params.get('encoder/latent/kernel')).toBe(encoder.children.latent!.params.kernel);
    expect([...params.keys()].filter((p) => p.startsWith('encoder/')).length).toBe(6);
    // Each head's loss reaches exactly the same encoder Variable objects (by identity, not by copy).
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 4);
    const vars = trainableVariables(model.modules);
    const reached = (head: 'reconstruction' | 'logits') => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(model.forward(x, { training: false }, [head])[head]!) as tf.Scalar,
        vars,
      );
      const names = Object.keys(grads);
      tf.dispose([value, ...Object.values(grads)]);
      return new Set(vars.filter((v) => names.includes(v.name)));
    };
    const viaDecoder = reached('reconstruction');
    const viaClassifier = reached('logits');
    const encoderVars = new Set(trainableVariables(encoder));
    expect(encoderVars.size).toBe(6);
    for (const v of encoderVars) {
      expect(viaDecoder.has(v)).toBe(true);
      expect(viaClassifier.has(v)).toBe(true);
    }
    for (const v of trainableVariables(classifier)) expect(viaDecoder.has(v)).toBe(false);
    for (const v of trainableVariables(decoder)) expect(viaClassifier.has(v)).toBe(false);
    x.dispose();
  });

  it('runs either head alone: the classifier head never touches the decoder', () => {
    const { model } = fusion({ inputShape: [28, 28, 1], seed: 5 });
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 6);
    const all = model.forward(x, { training: false });
    const logits = model.forward(x, { training: false }, ['logits']);
    const recon = model.forward(x, { training: false }, ['reconstruction']);
    expect(Object.keys(logits)).toEqual(['logits']);
    expect(Object.keys(recon)).toEqual(['reconstruction']);
    expect(Array.from(logits.logits!.dataSync())).toEqual(Array.from(all.logits!.dataSync()));
    expect(Array.from(recon.reconstruction!.dataSync())).toEqual(Array.from(all.reconstruction!.dataSync()));
    tf.dispose([x, all.latent!, all.reconstruction!, all.logits!, logits.logits!, recon.reconstruction!]);
  });

  it('trains: the joint loss falls over adam steps and no tensor leaks', () => {
    const { model } = fusion({ inputShape: [12, 12, 1], filters: [4, 8], latentDim: 8, classes: 3, seed: 7 });
    const x = tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 8);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
    const opt = tf.train.adam(1e-2);
    const vars = trainableVariables(model.modules);
    const step = (i: number) => {
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, { training: true, seed: i });
        return tf.add(
          tf.losses.meanSquaredError(x, out.reconstruction!),
          tf.losses.softmaxCrossEntropy(y, out.logits!),
        ) as tf.Scalar;
      }, vars);
      opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
      const loss = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    };
    const first = step(0);
    step(1);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 2; i < 40; i++) last = step(i);
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first * 0.5);
    tf.dispose([x, y]);
    opt.dispose();
  });

  it('names the module and the shapes when the input does not fit', () => {
    const { model } = fusion({ inputShape: [28, 28, 1], seed: 9 });
    const x = tf.zeros([2, 32, 32, 3]);
    expect(() => model.forward(x, { training: false })).toThrow(
      /graph \(fusion, input 'image'\): expected input \[batch, 28, 28, 1\], got \[2, 32, 32, 3\]/,
    );
    expect(() => model.forward(x, {} as never)).toThrow(
      /graph \(fusion\): forward\(x, ctx\) needs ctx.training \(true or false\)/,
    );
    x.dispose();
  });

  it.each([
    [{ inputShape: [28, 28, 1], latentDim: 0 }, /fusion: latentDim must be an integer >= 1/],
    [{ inputShape: [28, 28, 1], classes: 1 }, /fusion: classes must be an integer >= 2, got 1/],
    [
      { inputShape: [28, 28, 1], kernelSize: 31 },
      /fusion: kernelSize 31 is larger than the 28x28 input of encoder stage 1/,
    ],
    [{ inputShape: [28, 28, 1], hidden: [-1] }, /fusion: hidden must be a list of integers >= 1, got \[-1\]/],
    [{ inputShape: [28, 28, 1], kind: 'conv' }, /fusion: unknown option 'kind'; expected one of inputShape/],
  ])('rejects %j', (options, message) => {
    expect(() => fusion(options as never)).toThrow(message);
  });

  it('names the closest option and every accepted one for a typo', () => {
    expect(() => fusion({ inputShape: [28, 28, 1], latentDims: 16 } as never)).toThrow(
      "fusion: unknown option 'latentDims'; did you mean 'latentDim'? expected one of inputShape, latentDim, " +
        'classes, filters, kernelSize, downsample, upsample, latentActivation, hidden, dropout, denoising, output, seed',
    );
  });
});
