import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { corrupt, resolveNoise } from './noise';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Shares of pixels of a constant 0.5 image that came out 0, 1 and unchanged. */
function shares(noisy: tf.Tensor): { zero: number; one: number; kept: number } {
  const v = noisy.dataSync();
  const count = (f: (x: number) => boolean) => v.filter(f).length / v.length;
  return { zero: count((x) => x === 0), one: count((x) => x === 1), kept: count((x) => x === 0.5) };
}

describe('noise', () => {
  it('fills in defaults and rejects bad values naming the kind and the range', () => {
    expect(resolveNoise(undefined)).toEqual({ kind: 'gaussian', std: 0.3 });
    expect(resolveNoise({ kind: 'saltPepper' })).toEqual({ kind: 'saltPepper', rate: 0.1 });
    expect(resolveNoise({ kind: 'mask' })).toEqual({ kind: 'mask', rate: 0.25 });
    expect(() => resolveNoise({ kind: 'saltPepper', rate: 1 })).toThrow(
      'noise: saltPepper rate must be a number in (0, 1), got 1',
    );
    expect(() => resolveNoise({ kind: 'gaussian', std: 0 })).toThrow(
      'gaussian std must be a finite number > 0',
    );
    expect(() => resolveNoise({ kind: 'salt' } as never)).toThrow("{ kind: 'saltPepper', rate? }");
  });

  it('saltPepper sets about rate/2 of the pixels to 0 and rate/2 to 1, mask rate of them to 0; seeded', () => {
    const x = tf.fill([4, 50, 50, 1], 0.5);
    const sp = corrupt(x, resolveNoise({ kind: 'saltPepper', rate: 0.2 }), 3);
    const s = shares(sp);
    // 10,000 pixels: the standard error of a 0.1 share is 0.003, so 0.02 is over 6 of them.
    expect(Math.abs(s.zero - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(s.one - 0.1)).toBeLessThan(0.02);
    expect(s.zero + s.one + s.kept).toBeCloseTo(1, 6);
    const again = corrupt(x, resolveNoise({ kind: 'saltPepper', rate: 0.2 }), 3);
    expect(Array.from(again.dataSync())).toEqual(Array.from(sp.dataSync()));
    const m = shares(corrupt(x, resolveNoise({ kind: 'mask', rate: 0.3 }), 3));
    expect(Math.abs(m.zero - 0.3)).toBeLessThan(0.02);
    expect(m.one).toBe(0);
    tf.dispose([x, sp, again]);
  });

  it('gaussian noise stays in [0, 1] and frees every intermediate tensor', () => {
    const x = tf.fill([2, 20, 20, 1], 0.5);
    const before = tf.memory().numTensors;
    const g = corrupt(x, resolveNoise({ kind: 'gaussian', std: 0.5 }), 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(tf.min(g).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(g).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([x, g]);
  });
});
