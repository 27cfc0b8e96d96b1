import { describe, expect, it } from 'vitest';
import { mixSeeds, permutation, Rng, seededRandom, uniformStream } from './rng';
import { checkSeed } from './validate';

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
    // Bits above 32 count too (the trainer's old mixSeed dropped them).
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(1 + 2 ** 32, 2));
  });

  it('checkSeed rejects fractions', () => {
    expect(() => checkSeed('x', 1.5)).toThrow('x: seed must be an integer, got 1.5');
  });

  // Values of the four generators and two mixers this module replaced (layers, train, data, viz), frozen so that
  // weights, shuffles and the results tables stay bit-identical.
  it('draws the same numbers as the generators and mixers it replaced', () => {
    expect([mixSeeds(0, 0), mixSeeds(1, 2), mixSeeds(7, 3, 0xe90c), mixSeeds(-5)]).toEqual([
      4289745439, 4017857470, 1412345678, 2303572566,
    ]);
    expect(Array.from({ length: 3 }, seededRandom(5))).toEqual([
      0.6064214399084449, 0.32827619719319046, 0.1203284680377692,
    ]);
    expect(Array.from({ length: 3 }, uniformStream(12345))).toEqual([
      0.9797282677609473, 0.3067522644996643, 0.484205421525985,
    ]);
    const rng = new Rng(42);
    expect([rng.next(), rng.nextSeed(), rng.state]).toEqual([0.6011037519201636, 962696645, 3663131668]);
    expect(Array.from(permutation(10, 3))).toEqual([4, 6, 5, 9, 0, 1, 8, 2, 3, 7]);
  });
});
