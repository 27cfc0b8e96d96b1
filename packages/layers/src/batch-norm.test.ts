import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNorm } from './batch-norm';
import { build } from './build';
import { freeze, paramCount, trainableVariables } from './params';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('batchNorm', () => {
  it('passes the harness in training and inference mode; statistics are non-trainable', () => {
    for (const training of [true, false]) {
      checkModule(batchNorm(), {
        inputShape: [3, 3, 2],
        outputShape: [3, 3, 2],
        params: 8,
        trainableWeights: 2,
        training,
        batch: 3,
      });
    }
    checkModule(batchNorm({ momentum: 0.9 }), {
      inputShape: [4],
      outputShape: [4],
      params: 16,
      trainableWeights: 2,
      training: true,
      batch: 4,
    });
  });

  it('normalises with batch statistics while training and updates the moving averages', () => {
    const m = build(batchNorm({ momentum: 0.5, epsilon: 1e-6 }), [1]);
    // batch [1, 3]: mean 2, biased variance 1 → normalised [-1, 1]
    const y = m.apply(tf.tensor2d([[1], [3]]), { training: true });
    expect(Array.from(y.dataSync()).map((v) => Number(v.toFixed(4)))).toEqual([-1, 1]);
    // moving mean 0·0.5 + 2·0.5 = 1; moving variance 1·0.5 + 1·0.5 = 1
    expect(m.params.movingMean!.dataSync()[0]).toBeCloseTo(1, 6);
    expect(m.params.movingVariance!.dataSync()[0]).toBeCloseTo(1, 6);
    // inference uses the moving values: (3 - 1) / sqrt(1 + 1e-6) ≈ 2
    expect(m.apply(tf.tensor2d([[3]]), { training: false }).dataSync()[0]).toBeCloseTo(2, 4);
    expect(m.params.movingMean!.dataSync()[0]).toBeCloseTo(1, 6);
    // scale and offset: gamma 2, beta 1 → 2 · [-1, 1] + 1 = [-1, 3]
    m.params.gamma!.assign(tf.tensor1d([2]));
    m.params.beta!.assign(tf.tensor1d([1]));
    const z = m.apply(tf.tensor2d([[1], [3]]), { training: true });
    expect(Array.from(z.dataSync()).map((v) => Number(v.toFixed(4)))).toEqual([-1, 3]);
  });

  it('a frozen batchNorm runs in inference mode and keeps its statistics', () => {
    const m = freeze(build(batchNorm(), [2]));
    expect(trainableVariables(m)).toHaveLength(0);
    expect(paramCount(m, 'nonTrainable')).toBe(8);
    m.apply(
      tf.tensor2d([
        [5, 5],
        [7, 9],
      ]),
      { training: true },
    );
    expect(Array.from(m.params.movingMean!.dataSync())).toEqual([0, 0]);
    freeze(m, false);
    expect(trainableVariables(m)).toHaveLength(2);
  });

  it('checks its options', () => {
    expect(() => batchNorm({ momentum: 1 })).toThrow('batchNorm: momentum must be a number in [0, 1), got 1');
  });
});
