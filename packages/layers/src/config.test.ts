import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNorm } from './batch-norm';
import { build } from './build';
import { fromConfig, specFromConfig, toConfig } from './config';
import { convBlock } from './conv-block';
import { conv2dTranspose } from './conv2d-transpose';
import { deconvBlock } from './deconv-block';
import { dense } from './dense';
import { denseBlock } from './dense-block';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { namedParams } from './params';
import { avgPool2d } from './pool2d';
import { reshape } from './reshape';
import { sequential } from './sequential';
import { backend } from './testing/setup';
import { upSampling2d } from './up-sampling2d';

beforeAll(() => backend('cpu'));

const autoencoder = () =>
  sequential([
    convBlock({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', norm: 'batch', name: 'enc1' }),
    avgPool2d({ poolSize: 1 }),
    flatten(),
    denseBlock({ units: 8, dropout: 0.1 }),
    dense({ units: 4 * 4 * 2, activation: 'relu' }),
    reshape({ targetShape: [4, 4, 2] }),
    deconvBlock({ filters: 2, kernelSize: 3, mode: 'upsample' }),
    upSampling2d({ size: 1, interpolation: 'bilinear' }),
    batchNorm({ momentum: 0.9 }),
    dropout({ rate: 0.2 }),
    conv2dTranspose({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
  ]);

describe('toConfig / fromConfig', () => {
  it('config is plain JSON whose keys are the factory options', () => {
    const m = build(autoencoder(), [8, 8, 1], { seed: 1 });
    const c = toConfig(m);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    const layers = c.layers as Array<Record<string, unknown>>;
    expect(layers[0]).toEqual({
      kind: 'convBlock',
      name: 'enc1',
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      norm: 'batch',
      activation: 'relu',
      dropout: 0,
    });
    expect(layers[4]).toEqual({
      kind: 'dense',
      units: 32,
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'glorotUniform',
    });
  });

  it('rebuilds the same structure; with the same seed, the same weights and outputs', () => {
    const m = build(autoencoder(), [8, 8, 1], { seed: 4 });
    const copy = fromConfig(toConfig(m), [8, 8, 1], { seed: 4 });
    expect(toConfig(copy)).toEqual(toConfig(m));
    expect([...namedParams(copy).keys()]).toEqual([...namedParams(m).keys()]);
    const x = tf.randomUniform([2, 8, 8, 1]);
    const a = m.apply(x, { training: false }).dataSync();
    const b = copy.apply(x, { training: false }).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('loads block configs saved before the Keras naming (kernel, stride, act) as the same blocks', () => {
    const old = {
      kind: 'sequential',
      layers: [
        {
          kind: 'convBlock',
          filters: 2,
          kernel: 3,
          stride: 2,
          padding: 'same',
          norm: 'batch',
          act: 'tanh',
          dropout: 0,
        },
        {
          kind: 'deconvBlock',
          filters: 1,
          kernel: 3,
          stride: 2,
          mode: 'upsample',
          norm: 'none',
          act: 'sigmoid',
        },
        { kind: 'flatten' },
        { kind: 'denseBlock', units: 3, norm: 'none', act: 'elu', dropout: 0 },
      ],
    };
    const m = fromConfig(old, [4, 4, 1], { seed: 2 });
    const now = sequential([
      convBlock({
        filters: 2,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        norm: 'batch',
        activation: 'tanh',
      }),
      deconvBlock({ filters: 1, kernelSize: 3, strides: 2, mode: 'upsample', activation: 'sigmoid' }),
      flatten(),
      denseBlock({ units: 3, activation: 'elu' }),
    ]);
    const same = build(now, [4, 4, 1], { seed: 2 });
    expect(toConfig(m)).toEqual(toConfig(same));
    expect((toConfig(m).layers as object[])[0]).toMatchObject({
      kernelSize: 3,
      strides: 2,
      activation: 'tanh',
    });
    expect([...namedParams(m).keys()]).toEqual([...namedParams(same).keys()]);
    const x = tf.randomUniform([1, 4, 4, 1], 0, 1, 'float32', 3);
    expect(Array.from(m.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(same.apply(x, { training: false }).dataSync()),
    );
    // Only the three blocks migrate: a conv2d's unknown 'kernel' is still an error.
    expect(() => specFromConfig({ kind: 'conv2d', filters: 1, kernel: 3 })).toThrow(
      "conv2d: unknown option 'kernel'; expected one of filters, kernelSize,",
    );
  });

  it('rejects unknown kinds, listing the known ones; accepts extra kinds', () => {
    expect(() => specFromConfig({ kind: 'crop2d', bottom: 1 })).toThrow(
      /unknown layer kind 'crop2d'; known kinds: sequential, graph, dense/,
    );
    const spec = specFromConfig({ kind: 'sequential', layers: [{ kind: 'myDense', units: 2 }] }, {
      myDense: (o: { units: number }) => dense(o),
    } as never);
    expect(build(spec, [3]).outputShape).toEqual([2]);
    expect(() => fromConfig({ kind: 'dense', units: 2, unit: 3 }, [3])).toThrow(
      "dense: unknown option 'unit'",
    );
  });
});
