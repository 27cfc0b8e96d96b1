import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { fromConfig, toConfig } from './config';
import { gaussianNoise } from './gaussian-noise';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('gaussianNoise', () => {
  it('adds seeded noise of the given stddev in training, clipped; identity at inference', () => {
    const m = build(gaussianNoise({ stddev: 0.5, clip: [0, 1] }), [100, 100], { seed: 1 });
    const x = tf.fill([1, 100, 100], 0.5);
    const a = m.apply(x, { training: true, seed: 3 });
    const b = m.apply(x, { training: true, seed: 3 });
    const c = m.apply(x, { training: false });
    const v = a.dataSync();
    expect(Array.from(v)).toEqual(Array.from(b.dataSync()));
    expect(Math.min(...v)).toBe(0);
    expect(Math.max(...v)).toBe(1);
    const raw = build(gaussianNoise({ stddev: 0.5 }), [100, 100]).apply(x, { training: true, seed: 3 });
    const d = tf.sub(raw, x);
    // 10,000 draws: the sample stddev is 0.5 within ~2%
    expect(Math.sqrt(tf.moments(d).variance.dataSync()[0]!)).toBeCloseTo(0.5, 1);
    expect(Array.from(c.dataSync()).every((e) => e === 0.5)).toBe(true);
    expect(toConfig(m)).toEqual({ kind: 'gaussianNoise', stddev: 0.5, clip: [0, 1] });
    expect(fromConfig(toConfig(m), [100, 100]).config).toEqual(m.config);
    tf.dispose([x, a, b, c, raw, d]);
  });

  it.each([
    [{ stddev: 0 }, /gaussianNoise: stddev must be a number > 0, got 0/],
    [{ stddev: 0.1, clip: [1, 0] }, /clip must be \[min, max\] with min < max, got \[1,0\]/],
    [{ stddev: 0.1, std: 1 }, /gaussianNoise: unknown option 'std'/],
  ])('rejects %j', (options, message) => {
    expect(() => gaussianNoise(options as never)).toThrow(message);
  });
});
