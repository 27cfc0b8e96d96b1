import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { conv2d, conv2dOutputShape } from './conv2d';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('conv2d', () => {
  it('valid padding: 6x6x2 → 4x4x3 with 3x3 kernels', () => {
    checkModule(conv2d({ filters: 3, kernelSize: 3 }), {
      inputShape: [6, 6, 2],
      outputShape: [4, 4, 3],
      params: 3 * 3 * 2 * 3 + 3,
    });
  });

  it('same padding with stride 2 and a fused relu', () => {
    checkModule(conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), {
      inputShape: [5, 5, 1],
      outputShape: [3, 3, 2],
      params: 9 * 2 + 2,
    });
  });

  it('dilation 2 (unfused path), non-fusable activation, no bias', () => {
    checkModule(conv2d({ filters: 2, kernelSize: 3, dilation: 2, activation: 'tanh', useBias: false }), {
      inputShape: [7, 7, 1],
      outputShape: [3, 3, 2],
      params: 18,
    });
  });

  it('computes a hand-checked convolution', () => {
    // 3x3 input 1..9, 2x2 kernel of ones, valid: each output is the sum of a 2x2 window.
    // [1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9] = [12, 16, 24, 28], + bias 1
    const m = build(conv2d({ filters: 1, kernelSize: 2, kernelInitializer: 'ones' }), [3, 3, 1], { seed: 1 });
    m.params.bias!.assign(tf.tensor1d([1]));
    const y = m.apply(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), { training: false });
    expect(Array.from(y.dataSync())).toEqual([13, 17, 25, 29]);
  });

  it('has a pure outputShape following TensorFlow', () => {
    expect(conv2dOutputShape([28, 28, 1], { filters: 32, kernelSize: 3 })).toEqual([26, 26, 32]);
    expect(
      conv2dOutputShape([28, 28, 1], { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }),
    ).toEqual([14, 14, 8]);
    expect(conv2dOutputShape([7, 7, 1], { filters: 8, kernelSize: 3, strides: 2 })).toEqual([3, 3, 8]);
    expect(conv2dOutputShape([9, 9, 1], { filters: 1, kernelSize: 3, dilation: 3 })).toEqual([3, 3, 1]);
  });

  it('rejects bad options and shapes with the layer path', () => {
    expect(() => conv2d({ filters: 4, kernelSize: [3] as never })).toThrow(/conv2d: kernelSize must be/);
    expect(() => conv2d({ filters: 4, kernelSize: 3, strides: 2, dilation: 2 })).toThrow(
      /one of them must be 1/,
    );
    expect(() => build(conv2d({ filters: 4, kernelSize: 3 }), [784], { name: 'enc' })).toThrow(
      'conv2d (enc): expected input [batch, height, width, channels], got [batch, 784]',
    );
    expect(() => build(conv2d({ filters: 4, kernelSize: 5 }), [3, 3, 1])).toThrow(/does not fit the input/);
  });
});
