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
    checkModule(convBlock({ filters: 2, kernelSize: 3, pool: 2 }), {
      inputShape: [6, 6, 1],
      outputShape: [2, 2, 2],
      params: 9 * 2 + 2,
    });
    const m = checkModule(
      convBlock({
        filters: 2,
        kernelSize: 3,
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
    checkModule(deconvBlock({ filters: 2, kernelSize: 3 }), {
      inputShape: [3, 3, 2],
      outputShape: [6, 6, 2],
      params: 9 * 2 * 2 + 2,
    });
    const m = checkModule(
      deconvBlock({ filters: 1, kernelSize: 3, mode: 'upsample', norm: 'batch', activation: 'sigmoid' }),
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
    checkModule(denseBlock({ units: 3, activation: 'tanh' }), {
      inputShape: [4],
      outputShape: [3],
      params: 15,
    });
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
        convBlock({ filters: 32, kernelSize: 3, pool: 2, name: 'block1' }),
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
    expect(() => convBlock({ filters: 8, kernelSize: 3, dropout: 1.5 })).toThrow(
      'convBlock: dropout must be a number in [0, 1)',
    );
    expect(() => convBlock({ filters: 8, kernelSize: 3, pool: { type: 'min', size: 2 } as never })).toThrow(
      /convBlock: pool.type must be one of max, avg/,
    );
    expect(() => deconvBlock({ filters: 8, kernelSize: 3, mode: 'pixelShuffle' as never })).toThrow(
      /deconvBlock: mode must be one of transpose, upsample/,
    );
    expect(() => denseBlock({ units: 8, norm: 'layer' as never })).toThrow(
      `denseBlock: norm must be 'batch', 'none' or { type: 'batch', momentum?, epsilon? }, got "layer"`,
    );
    expect(() =>
      convBlock({ filters: 8, kernelSize: 3, norm: { type: 'batch', momentun: 0.9 } as never }),
    ).toThrow(
      "convBlock norm: unknown option 'momentun'; did you mean 'momentum'? expected one of type, momentum, epsilon",
    );
  });

  it('take the Keras names; an old name says what it was renamed to, a typo names the closest option', () => {
    expect(() => convBlock({ filters: 8, kernel: 3 } as never)).toThrow(
      "convBlock: option 'kernel' was renamed 'kernelSize'",
    );
    expect(() => deconvBlock({ filters: 8, kernelSize: 3, stride: 2 } as never)).toThrow(
      "deconvBlock: option 'stride' was renamed 'strides'",
    );
    expect(() => denseBlock({ units: 8, act: 'tanh' } as never)).toThrow(
      "denseBlock: option 'act' was renamed 'activation'",
    );
    expect(() => convBlock({ filters: 8, kernelSize: 3, activaton: 'tanh' } as never)).toThrow(
      "convBlock: unknown option 'activaton'; did you mean 'activation'? expected one of filters, kernelSize, " +
        'strides, padding, norm, activation, pool, dropout, name',
    );
  });

  it('norm options reach batchNorm (momentum, epsilon) without changing parameters or their names', () => {
    const plain = build(convBlock({ filters: 2, kernelSize: 3, norm: 'batch' }), [5, 5, 1], { seed: 1 });
    const tuned = build(
      convBlock({ filters: 2, kernelSize: 3, norm: { type: 'batch', momentum: 0.5, epsilon: 1e-5 } }),
      [5, 5, 1],
      { seed: 1 },
    );
    expect([...namedParams(tuned).keys()]).toEqual([...namedParams(plain).keys()]);
    expect(paramCount(tuned)).toBe(paramCount(plain));
    expect(tuned.config.norm).toEqual({ type: 'batch', momentum: 0.5, epsilon: 1e-5 });
    expect(tuned.children.norm!.config).toEqual({ kind: 'batchNorm', momentum: 0.5, epsilon: 1e-5 });
    expect(plain.children.norm!.config).toEqual({ kind: 'batchNorm', momentum: 0.99, epsilon: 1e-3 });
    // One training step from moving mean 0: momentum 0.5 moves it half way to the batch mean, 0.99 by 1%.
    const x = tf.ones([2, 5, 5, 1]);
    tf.tidy(() => {
      tuned.apply(x, { training: true });
      plain.apply(x, { training: true });
    });
    const mean = (m: typeof plain) => Array.from(m.children.norm!.params.movingMean!.dataSync());
    const batchMean = (m: typeof plain) =>
      tf.tidy(() =>
        Array.from(tf.mean(m.children.conv!.apply(x, { training: false }), [0, 1, 2]).dataSync()),
      );
    const [tunedBatch, plainBatch] = [batchMean(tuned), batchMean(plain)];
    expect(tunedBatch.every((v) => Math.abs(v) > 0.01)).toBe(true);
    for (const [i, v] of mean(tuned).entries()) expect(v).toBeCloseTo(0.5 * tunedBatch[i]!, 5);
    for (const [i, v] of mean(plain).entries()) expect(v).toBeCloseTo(0.01 * plainBatch[i]!, 5);
    x.dispose();
    expect(() => denseBlock({ units: 2, norm: { type: 'batch', momentum: 1 } })).toThrow(
      'batchNorm: momentum must be a number in [0, 1), got 1',
    );
  });
});
