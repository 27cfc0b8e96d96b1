import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnn } from './cnn';
import { outputShapes, paramShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('cnn', () => {
  it('defaults: two conv blocks, Dense 128, logits over 10 classes', () => {
    const { model, encoder, classifier } = cnn({ inputShape: [28, 28, 1], seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 128], logits: [2, 10] });
    expect(encoder.outputShape).toEqual([128]);
    expect(classifier.outputShape).toEqual([10]);
    // conv 9*1*32+32 = 320, conv 9*32*64+64 = 18496, dense 7*7*64*128+128 = 401536, logits 128*10+10 = 1290
    expect(model.paramCount()).toBe(320 + 18496 + 401536 + 1290);
    expect(paramShapes(model)).toEqual({
      'encoder/conv1/kernel': [3, 3, 1, 32],
      'encoder/conv1/bias': [32],
      'encoder/conv2/kernel': [3, 3, 32, 64],
      'encoder/conv2/bias': [64],
      'encoder/dense1/kernel': [3136, 128],
      'encoder/dense1/bias': [128],
      'classifier/logits/kernel': [128, 10],
      'classifier/logits/bias': [10],
    });
  });

  it('takes blocks with valid padding, no pooling and 3 channels', () => {
    const { model } = cnn({
      inputShape: [32, 32, 3],
      classes: 5,
      blocks: [{ filters: 8, kernelSize: 5, padding: 'valid', pool: 1 }, { filters: 16 }],
      dense: [],
      dropout: 0,
    });
    // 32 -5+1→ 28, same conv + pool 2 → 14: latent 14*14*16 = 3136
    expect(outputShapes(model)).toEqual({ latent: [2, 3136], logits: [2, 5] });
    expect(model.paramCount()).toBe(25 * 3 * 8 + 8 + 9 * 8 * 16 + 16 + 3136 * 5 + 5);
  });

  it('computes only the heads asked for, and rejects unknown heads', () => {
    const { model } = cnn({ inputShape: [28, 28, 1], seed: 1 });
    expect(model.outputNames).toEqual(['latent', 'logits']);
    const x = tf.zeros([1, 28, 28, 1]);
    const before = tf.memory().numTensors;
    const out = model.forward(x, { training: false }, ['latent']);
    expect(Object.keys(out)).toEqual(['latent']);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(() => model.forward(x, { training: false }, ['reconstruction'])).toThrow(
      /graph \(cnn\): unknown output 'reconstruction'; this graph has latent, logits/,
    );
    expect(() => model.forward(x, { training: false }, 'logits' as never)).toThrow(
      /graph \(cnn\): outputs must be a list like \['logits'\], got "logits"/,
    );
    tf.dispose([x, out.latent!]);
  });

  it.each([
    [
      { inputShape: [28, 28, 1], classes: 1 },
      /cnn: classes must be an integer >= 2, got 1. A classifier needs at least two classes/,
    ],
    [
      { inputShape: [28, 28, 1], blocks: [{ filters: 8, kernelSize: 30 }] },
      /cnn: kernelSize 30 is larger than the 28x28 input of block 1/,
    ],
    [
      { inputShape: [4, 4, 1], blocks: [{ filters: 8, pool: 8 }] },
      /cnn: pool 8 of block 1 is larger than its 4x4 input/,
    ],
    [
      { inputShape: [28, 28, 1], blocks: [{ filter: 8 }] },
      /cnn blocks\[0\]: unknown option 'filter'; did you mean 'filters'\? expected one of filters, kernelSize, padding, pool/,
    ],
    [{ inputShape: [28, 28, 1], dropout: 1 }, /cnn: dropout must be a number in \[0, 1\), got 1/],
    [{ inputShape: [28, 28, 1], dense: [0] }, /cnn: dense must be a list of integers >= 1, got \[0\]/],
  ])('rejects %j', (options, message) => {
    expect(() => cnn(options as never)).toThrow(message);
  });
});
