import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { conv2dTranspose, conv2dTransposeOutputShape } from './conv2d-transpose';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('conv2dTranspose', () => {
  it('same padding doubles the size with stride 2', () => {
    checkModule(conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), {
      inputShape: [3, 3, 2],
      outputShape: [6, 6, 2],
      params: 3 * 3 * 2 * 2 + 2,
    });
  });

  it('valid padding grows by k - 1 at stride 1, with an activation', () => {
    checkModule(conv2dTranspose({ filters: 1, kernelSize: 2, activation: 'sigmoid' }), {
      inputShape: [3, 3, 2],
      outputShape: [4, 4, 1],
      params: 2 * 2 * 2 + 1,
    });
  });

  it('scatters each input pixel over the kernel (hand-checked)', () => {
    // One pixel of value 2, 2x2 kernel of ones, stride 2: a 2x2 patch of 2s.
    const m = build(
      conv2dTranspose({ filters: 1, kernelSize: 2, strides: 2, kernelInitializer: 'ones' }),
      [1, 1, 1],
    );
    const y = m.apply(tf.tensor4d([2], [1, 1, 1, 1]), { training: false });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([2, 2, 2, 2]);
  });

  it('follows the Keras output size rule', () => {
    expect(
      conv2dTransposeOutputShape([7, 7, 32], { filters: 16, kernelSize: 3, strides: 2, padding: 'same' }),
    ).toEqual([14, 14, 16]);
    expect(conv2dTransposeOutputShape([7, 7, 32], { filters: 1, kernelSize: 3, strides: 2 })).toEqual([
      15, 15, 1,
    ]);
    expect(conv2dTransposeOutputShape([7, 7, 32], { filters: 1, kernelSize: 2, strides: 2 })).toEqual([
      14, 14, 1,
    ]);
    expect(() => conv2dTransposeOutputShape([49], { filters: 1, kernelSize: 2 }, 'dec/up')).toThrow(
      'conv2dTranspose (dec/up): expected input [batch, height, width, channels], got [batch, 49]',
    );
  });
});
