import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { convBlock } from './conv-block';
import { deconvBlock } from './deconv-block';
import { dense } from './dense';
import { denseBlock } from './dense-block';
import { flatten } from './flatten';
import { namedParams, paramCount } from './params';
import { sequential } from './sequential';
import { summary } from './summary';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('blocks', () => {
  it('convBlock: conv → act → pool, and conv → norm → act → avg pool → dropout', () => {
    checkModule(convBlock({ filters: 2, kernel: 3, pool: 2 }), {
      inputShape: [6, 6, 1],
      outputShape: [2, 2, 2],
      params: 9 * 2 + 2,
    });
    const m = checkModule(
      convBlock({
        filters: 2,
        kernel: 3,
        padding: 'same',
        norm: 'batch',
        pool: { type: 'avg', size: 2 },
        dropout: 0.2,
      }),
      {
        inputShape: [4, 4, 1],
        outputShape: [2, 2, 2],
        params: 9 * 2 + 4 * 2,
        trainableWeights: 3,
        training: true,
        batch: 3,
      },
    );
    expect(Object.keys(m.children)).toEqual(['conv', 'norm', 'act', 'pool', 'dropout']);
  });

  it('deconvBlock: transpose and upsample modes double the size', () => {
    checkModule(deconvBlock({ filters: 2, kernel: 3 }), {
      inputShape: [3, 3, 2],
      outputShape: [6, 6, 2],
      params: 9 * 2 * 2 + 2,
    });
    const m = checkModule(
      deconvBlock({ filters: 1, kernel: 3, mode: 'upsample', norm: 'batch', act: 'sigmoid' }),
      {
        inputShape: [2, 2, 2],
        outputShape: [4, 4, 1],
        params: 9 * 2 + 4,
        trainableWeights: 3,
        training: true,
        batch: 3,
      },
    );
    expect(Object.keys(m.children)).toEqual(['up', 'conv', 'norm', 'act']);
  });

  it('denseBlock: dense → norm → act → dropout', () => {
    checkModule(denseBlock({ units: 3, act: 'tanh' }), { inputShape: [4], outputShape: [3], params: 15 });
    checkModule(denseBlock({ units: 3, norm: 'batch', dropout: 0.5 }), {
      inputShape: [4],
      outputShape: [3],
      params: 12 + 12,
      trainableWeights: 3,
      training: true,
      batch: 4,
    });
  });

  it('the article classifier from blocks: 347,146 params and the Keras output shapes', () => {
    const m = build(
      sequential([
        convBlock({ filters: 32, kernel: 3, pool: 2, name: 'block1' }),
        flatten(),
        denseBlock({ units: 64, name: 'fc' }),
        dense({ units: 10, activation: 'softmax', name: 'out' }),
      ]),
      [28, 28, 1],
      { seed: 3, name: 'classifier' },
    );
    expect(paramCount(m)).toBe(347_146);
    const s = summary(m);
    expect(s).toMatch(/block1\/conv\s+conv2d\s+\(None, 26, 26, 32\)\s+320\n/);
    expect(s).toMatch(/block1\/pool\s+maxPool2d\s+\(None, 13, 13, 32\)\s+0\n/);
    expect(s).toMatch(/flatten1\s+flatten\s+\(None, 5408\)\s+0\n/);
    expect(s).toMatch(/fc\/dense\s+dense\s+\(None, 64\)\s+346,176\n/);
    expect(s).toMatch(/out\s+dense\s+\(None, 10\)\s+650\n/);
    expect(s).toContain('Total params: 347,146');
    expect([...namedParams(m).keys()]).toContain('block1/conv/kernel');
    const y = m.apply(tf.ones([1, 28, 28, 1]), { training: false });
    expect(y.shape).toEqual([1, 10]);
  });

  it('check their options naming the block', () => {
    expect(() => convBlock({ filters: 8, kernel: 3, dropout: 1.5 })).toThrow(
      'convBlock: dropout must be a number in [0, 1)',
    );
    expect(() => convBlock({ filters: 8, kernel: 3, pool: { type: 'min', size: 2 } as never })).toThrow(
      /convBlock: pool.type must be one of max, avg/,
    );
    expect(() => deconvBlock({ filters: 8, kernel: 3, mode: 'pixelShuffle' as never })).toThrow(
      /deconvBlock: mode must be one of transpose, upsample/,
    );
    expect(() => denseBlock({ units: 8, norm: 'layer' as never })).toThrow(
      /denseBlock: norm must be one of batch, none/,
    );
  });
});
