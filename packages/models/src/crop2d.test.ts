import { useBackend } from '@aecnn/backends';
import { build } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crop2d } from './crop2d';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('crop2d', () => {
  it('drops the last rows and columns: a 3x3 grid 1..9 cropped by 1x1 keeps 1 2 / 4 5', () => {
    const m = build(crop2d({ bottom: 1, right: 1 }), [3, 3, 1]);
    expect(m.outputShape).toEqual([2, 2, 1]);
    expect(m.params).toEqual({});
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = m.apply(x, { training: false });
    expect(Array.from(y.dataSync())).toEqual([1, 2, 4, 5]);
    // The gradient routes 1 to the kept pixels and 0 to the dropped ones.
    const g = tf.grad((t: tf.Tensor) => tf.sum(m.apply(t, { training: false })))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0]);
    tf.dispose([x, y, g]);
  });

  it('crops rows only, keeping channels', () => {
    const m = build(crop2d({ bottom: 2, right: 0 }), [5, 4, 3]);
    expect(m.outputShape).toEqual([3, 4, 3]);
    expect(m.config).toEqual({ kind: 'crop2d', bottom: 2, right: 0 });
  });

  it('rejects bad options and inputs with what was expected', () => {
    expect(() => crop2d({ bottom: -1, right: 0 })).toThrow('crop2d: bottom must be an integer >= 0, got -1');
    expect(() => crop2d({ bottom: 1, rght: 0 } as never)).toThrow(
      "crop2d: unknown option 'rght'; did you mean 'right'? expected one of bottom, right, name",
    );
    expect(() => build(crop2d({ bottom: 3, right: 0 }), [3, 3, 1])).toThrow(
      /cannot crop 3x0 from a 3x3 input/,
    );
    expect(() => build(crop2d({ bottom: 1, right: 1 }), [9])).toThrow(
      /expected input \[batch, height, width, channels\], got \[batch, 9\]/,
    );
    const m = build(crop2d({ bottom: 1, right: 1 }), [3, 3, 1], { name: 'dec' });
    const x = tf.zeros([1, 4, 4, 1]);
    expect(() => m.apply(x, { training: false })).toThrow(
      'crop2d (dec): expected input [batch, 3, 3, 1], got [1, 4, 4, 1]',
    );
    x.dispose();
  });
});
