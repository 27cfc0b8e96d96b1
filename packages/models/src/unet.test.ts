import { useBackend } from '@aecnn/backends';
import { namedParams } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build-model';
import { outputShapes, paramShapes } from './test-helpers';
import { resolveUnet, unetDenoiser } from './unet';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('unetDenoiser', () => {
  it('28x28x1, depth 2, 16 filters: 118,945 parameters, skips concatenated, bottleneck 7x7x64', () => {
    const { model } = unetDenoiser({ inputShape: [28, 28, 1], seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 7, 7, 64], reconstruction: [2, 28, 28, 1] });
    // Each conv 9*in*out (no bias: batch norm follows) + 4*out (gamma, beta, moving mean and variance):
    // down1 (144+64) + (2304+64) = 2576; down2 (4608+128) + (9216+128) = 14080;
    // bottleneck (18432+256) + (36864+256) = 55808; up2 reads 64 + 32 skip channels: (27648+128) + (9216+128) = 37120;
    // up1 reads 32 + 16: (6912+64) + (2304+64) = 9344; output 1x1 conv 16*1+1 = 17
    expect(model.paramCount()).toBe(2576 + 14080 + 55808 + 37120 + 9344 + 17);
    expect(Object.keys(model.modules)).toEqual([
      ...['down1', 'pool1', 'down2', 'pool2', 'bottleneck'],
      ...['upsample2', 'skip2', 'up2', 'upsample1', 'skip1', 'up1', 'output'],
    ]);
    expect(paramShapes(model)['up2/conv1/conv/kernel']).toEqual([3, 3, 96, 32]);
    expect(model.outputNames).toEqual(['latent', 'reconstruction']);
    const summary = model.summary();
    expect(summary).toMatch(/skip1\s+concatenate\s+\(None, 28, 28, 48\)\s+0\s+upsample1, down1/);
    expect(summary).toContain('Total params: 118,945');
    expect(summary).toContain('Non-trainable params: 640');
  });

  it.each([
    [[32, 32, 3], 2, [8, 8, 16]],
    [[27, 29, 1], 2, [7, 8, 16]],
    [[28, 28, 1], 5, [1, 1, 128]],
    [[5, 7, 2], 3, [1, 1, 32]],
  ] as const)(
    '%j at depth %i restores the input shape exactly (bottleneck %j, 4 * 2^depth channels)',
    (inputShape, depth, bottom) => {
      const { model } = unetDenoiser({ inputShape, depth, filters: 4, seed: 2 });
      expect(outputShapes(model)).toEqual({ latent: [2, ...bottom], reconstruction: [2, ...inputShape] });
    },
  );

  it('crops the one extra row/column where pooling rounded an odd size up: 27x29 → 14x15 → 7x8 → 14x16 → 14x15', () => {
    const { model } = unetDenoiser({ inputShape: [27, 29, 1], filters: 4, seed: 1 });
    const summary = model.summary();
    expect(summary).toMatch(/crop2\s+cropping2d\s+\(None, 14, 15, 16\)/);
    expect(summary).toMatch(/crop1\s+cropping2d\s+\(None, 27, 29, 8\)/);
    const even = unetDenoiser({ inputShape: [32, 32, 1], filters: 4, seed: 1 }).model.summary();
    expect(even).not.toContain('cropping2d');
  });

  it('sigmoid output lies in [0, 1]; linear output is unbounded; forward frees its intermediates', () => {
    const x = tf.randomUniform([2, 12, 12, 1], -3, 3, 'float32', 1);
    for (const output of ['sigmoid', 'linear'] as const) {
      const { model } = unetDenoiser({ inputShape: [12, 12, 1], filters: 4, output, seed: 3 });
      const before = tf.memory().numTensors;
      const { reconstruction, latent } = model.forward(x, { training: false });
      expect(tf.memory().numTensors).toBe(before + 2);
      const [lo, hi] = [tf.min(reconstruction!).dataSync()[0]!, tf.max(reconstruction!).dataSync()[0]!];
      if (output === 'sigmoid') expect(lo >= 0 && hi <= 1).toBe(true);
      else expect(lo < 0 || hi > 1).toBe(true);
      tf.dispose([reconstruction!, latent!]);
    }
    x.dispose();
  });

  it('rebuilds from its JSON config with identical weights and outputs', () => {
    const { model } = unetDenoiser({ inputShape: [27, 29, 1], filters: 4, seed: 4 });
    const again = buildModel(JSON.parse(JSON.stringify(model.config)), { seed: 4 });
    expect(again.config).toEqual(model.config);
    expect(paramShapes(again)).toEqual(paramShapes(model));
    const a = namedParams(model.modules);
    for (const [path, v] of namedParams(again.modules)) {
      expect(Array.from(v.dataSync()), path).toEqual(Array.from(a.get(path)!.dataSync()));
    }
    const x = tf.randomUniform([2, 27, 29, 1], 0, 1, 'float32', 9);
    const y1 = model.forward(x, { training: false }).reconstruction!;
    const y2 = again.forward(x, { training: false }).reconstruction!;
    expect(Array.from(y2.dataSync())).toEqual(Array.from(y1.dataSync()));
    tf.dispose([x, y1, y2]);
  });

  it('one seed gives bit-identical weights; another seed different ones', () => {
    const w = (seed: number) =>
      Array.from(
        namedParams(unetDenoiser({ inputShape: [8, 8, 1], filters: 2, seed }).model.modules)
          .get('down1/conv1/conv/kernel')!
          .dataSync(),
      );
    expect(w(5)).toEqual(w(5));
    expect(w(5)).not.toEqual(w(6));
  });

  it('rejects a depth the input cannot halve that often, naming the size and the depth', () => {
    expect(() => unetDenoiser({ inputShape: [28, 28, 1], depth: 6 })).toThrow(
      'unetDenoiser: depth 6 needs 6 halvings, but a 28x28 input halves only 5 times (28x28 → 14x14 → 7x7 → 4x4 → 2x2 → 1x1); use depth <= 5 or a larger input',
    );
    expect(() => unetDenoiser({ inputShape: [40, 3, 1], depth: 3 })).toThrow(
      /depth 3 needs 3 halvings, but a 40x3 input halves only 2 times .*use depth <= 2/,
    );
    expect(() => unetDenoiser({ inputShape: [1, 28, 1] })).toThrow(
      'unetDenoiser: a 1x28 input cannot be halved at all (height and width must be >= 2), got depth 2',
    );
  });

  it('rejects unknown and bad options, naming the option and what was expected', () => {
    expect(() => unetDenoiser({ inputShape: [28, 28, 1], dept: 2 } as never)).toThrow(
      /unetDenoiser: unknown option 'dept'; did you mean 'depth'\?/,
    );
    expect(() => unetDenoiser({ inputShape: [28, 28] })).toThrow(
      /unetDenoiser: inputShape must be \[height, width, channels\]/,
    );
    expect(() => unetDenoiser({ inputShape: [28, 28, 1], depth: 0 })).toThrow(
      'unetDenoiser: depth must be an integer >= 1, got 0',
    );
    expect(() => unetDenoiser({ inputShape: [28, 28, 1], filters: 2.5 })).toThrow(
      'unetDenoiser: filters must be an integer >= 1, got 2.5',
    );
    expect(() => unetDenoiser({ inputShape: [28, 28, 1], output: 'tanh' as never })).toThrow(
      /unetDenoiser: output must be one of "sigmoid", "linear", got "tanh"/,
    );
    expect(() => unetDenoiser(undefined as never)).toThrow(/expected an options object/);
    expect(resolveUnet({ inputShape: [28, 28, 1] })).toEqual({
      inputShape: [28, 28, 1],
      depth: 2,
      filters: 16,
      output: 'sigmoid',
    });
  });
});
