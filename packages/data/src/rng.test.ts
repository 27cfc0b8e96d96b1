import { describe, expect, it } from 'vitest';
import { checkSeed, mixSeeds, permutation, seededRandom } from './rng';

describe('rng', () => {
  it('seededRandom is deterministic, in [0, 1), and seed-dependent', () => {
    const a = Array.from({ length: 1000 }, seededRandom(5));
    const b = Array.from({ length: 1000 }, seededRandom(5));
    const c = Array.from({ length: 1000 }, seededRandom(6));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });

  it('permutation holds each index once', () => {
    const p = permutation(500, 3);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(Array.from(permutation(500, 3))).toEqual(Array.from(p));
  });

  it('mixSeeds separates (seed, epoch) pairs', () => {
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
    expect(mixSeeds(1, 2)).toBe(mixSeeds(1, 2));
    expect(mixSeeds(0, 0)).not.toBe(mixSeeds(0, 1));
  });

  it('checkSeed rejects fractions', () => {
    expect(() => checkSeed(1.5, 'x')).toThrow('x: seed must be an integer, got 1.5');
  });
});
