import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { flatten } from './flatten';
import { reshape, reshapeOutputShape } from './reshape';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('flatten / reshape', () => {
  it('flatten passes the harness and keeps row-major order', () => {
    checkModule(flatten(), { inputShape: [2, 3, 2], outputShape: [12], params: 0 });
    const y = build(flatten(), [2, 2]).apply(tf.tensor3d([1, 2, 3, 4], [1, 2, 2]), { training: false });
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('reshape passes the harness and infers -1', () => {
    checkModule(reshape({ targetShape: [2, -1] }), { inputShape: [12], outputShape: [2, 6], params: 0 });
    expect(reshapeOutputShape([784], { targetShape: [28, 28, 1] })).toEqual([28, 28, 1]);
  });

  it('reshape names the layer when sizes differ', () => {
    expect(() => build(reshape({ targetShape: [7, 7, 32] }), [1000], { name: 'decoder' })).toThrow(
      'reshape (decoder): cannot reshape input [batch, 1000] (1000 values) to [batch, 7, 7, 32]; the sizes must match',
    );
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1/);
  });
});
