import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';
import { upSampling2d } from './up-sampling2d';

beforeAll(() => backend('cpu'));

describe('upSampling2d', () => {
  it('passes the harness (nearest and bilinear)', () => {
    checkModule(upSampling2d({ size: 2 }), { inputShape: [2, 3, 2], outputShape: [4, 6, 2], params: 0 });
    checkModule(upSampling2d({ size: [2, 3], interpolation: 'bilinear' }), {
      inputShape: [2, 2, 1],
      outputShape: [4, 6, 1],
      params: 0,
    });
  });

  it('nearest repeats pixels; bilinear uses half-pixel centres', () => {
    const x = tf.tensor4d([1, 2], [1, 1, 2, 1]);
    const near = build(upSampling2d({ size: 2 }), [1, 2, 1]).apply(x, { training: false });
    expect(Array.from(near.dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    // Half-pixel centres: output columns sample input x = -0.25, 0.25, 0.75, 1.25 → clamped 1, 1.25, 1.75, 2.
    const bil = build(upSampling2d({ size: [1, 2], interpolation: 'bilinear' }), [1, 2, 1]).apply(x, {
      training: false,
    });
    expect(Array.from(bil.dataSync())).toEqual([1, 1.25, 1.75, 2]);
  });

  it('checks its options', () => {
    expect(() => upSampling2d({ size: 2, interpolation: 'cubic' as never })).toThrow(
      /interpolation must be one of nearest, bilinear/,
    );
  });
});
