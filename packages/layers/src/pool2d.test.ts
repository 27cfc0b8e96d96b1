import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { avgPool2d, maxPool2d, pool2dOutputShape } from './pool2d';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('maxPool2d / avgPool2d', () => {
  it('pass the harness (valid and same padding)', () => {
    checkModule(maxPool2d({ poolSize: 2 }), { inputShape: [4, 4, 2], outputShape: [2, 2, 2], params: 0 });
    checkModule(avgPool2d({ poolSize: 2 }), { inputShape: [4, 4, 2], outputShape: [2, 2, 2], params: 0 });
    checkModule(maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }), {
      inputShape: [5, 5, 1],
      outputShape: [3, 3, 1],
      params: 0,
    });
    checkModule(avgPool2d({ poolSize: [2, 1] }), {
      inputShape: [4, 3, 1],
      outputShape: [2, 3, 1],
      params: 0,
    });
  });

  it('compute hand-checked values', () => {
    // 2x2 input [1, 2; 3, 4]: max 4, mean 2.5
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(
      build(maxPool2d({ poolSize: 2 }), [2, 2, 1])
        .apply(x, { training: false })
        .dataSync()[0],
    ).toBe(4);
    expect(
      build(avgPool2d({ poolSize: 2 }), [2, 2, 1])
        .apply(x, { training: false })
        .dataSync()[0],
    ).toBe(2.5);
  });

  it('floor the size with valid padding, as Keras', () => {
    expect(pool2dOutputShape([26, 26, 32], { poolSize: 2 })).toEqual([13, 13, 32]);
    expect(pool2dOutputShape([7, 7, 8], { poolSize: 2 })).toEqual([3, 3, 8]);
    expect(() => maxPool2d({ poolSize: 0 })).toThrow(/maxPool2d: poolSize must be an integer >= 1/);
  });
});
