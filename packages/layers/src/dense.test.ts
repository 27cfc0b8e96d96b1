import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { dense, denseOutputShape } from './dense';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('dense', () => {
  it('passes the harness for every activation', () => {
    for (const activation of [
      'linear',
      'relu',
      'leakyRelu',
      'elu',
      'gelu',
      'sigmoid',
      'tanh',
      'softmax',
    ] as const) {
      checkModule(dense({ units: 3, activation }), { inputShape: [4], outputShape: [3], params: 4 * 3 + 3 });
    }
  });

  it('works without bias and on rank-3 inputs (last axis)', () => {
    checkModule(dense({ units: 2, useBias: false }), { inputShape: [3, 4], outputShape: [3, 2], params: 8 });
  });

  it('computes x·W + b (hand-checked)', () => {
    const m = build(dense({ units: 1, kernelInitializer: 'ones' }), [2], { seed: 1 });
    m.params.bias!.assign(tf.tensor1d([0.5]));
    // [1, 2]·[1, 1]ᵀ + 0.5 = 3.5
    const y = m.apply(tf.tensor2d([[1, 2]]), { training: false });
    expect(Array.from(y.dataSync())).toEqual([3.5]);
  });

  it('has a pure outputShape and checks its options', () => {
    expect(denseOutputShape([5408], { units: 64 })).toEqual([64]);
    expect(() => dense({ units: 0 })).toThrow(/dense: units must be an integer >= 1, got 0/);
    expect(() => dense({ units: 3, activation: 'swish' as never })).toThrow(/activation must be one of relu/);
    expect(() => dense({ units: 3, unit: 4 } as never)).toThrow(
      /unknown option 'unit'; did you mean 'units'?/,
    );
    expect(() => dense({ units: 3, zzz: 4 } as never)).toThrow(/unknown option 'zzz'; expected one of units/);
  });
});
