import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { dropout } from './dropout';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('dropout', () => {
  it('passes the harness (gradient in training mode with a fixed seed)', () => {
    checkModule(dropout({ rate: 0.3 }), { inputShape: [6], outputShape: [6], params: 0, training: true });
  });

  it('is the identity at inference and inverted dropout while training', () => {
    const m = build(dropout({ rate: 0.5 }), [1000]);
    const x = tf.ones([2, 1000]);
    expect(Array.from(m.apply(x, { training: false }).dataSync()).every((v) => v === 1)).toBe(true);
    const y = Array.from(m.apply(x, { training: true, seed: 5 }).dataSync());
    expect(y.every((v) => v === 0 || v === 2)).toBe(true);
    const kept = y.filter((v) => v === 2).length / y.length;
    expect(kept).toBeGreaterThan(0.45);
    expect(kept).toBeLessThan(0.55);
  });

  it('repeats its mask for one seed and changes it for another', () => {
    const m = build(dropout({ rate: 0.5 }), [64]);
    const x = tf.ones([1, 64]);
    const a = Array.from(m.apply(x, { training: true, seed: 1 }).dataSync());
    const b = Array.from(m.apply(x, { training: true, seed: 1 }).dataSync());
    const c = Array.from(m.apply(x, { training: true, seed: 2 }).dataSync());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('checks its rate', () => {
    expect(() => dropout({ rate: 1 })).toThrow('dropout: rate must be a number in [0, 1), got 1');
  });
});
