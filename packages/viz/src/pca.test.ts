import { uniformStream } from '@aecnn/layers';
import { describe, expect, it } from 'vitest';
import { pca } from './pca.js';

describe('pca', () => {
  it('data on a line has one dominant component along the line', () => {
    // points t * (1, 2, 2) / 3 + (5, -1, 0) + tiny noise: direction (1,2,2)/3 is a unit vector.
    const rand = uniformStream(1);
    const rows = Array.from({ length: 200 }, () => {
      const t = rand() * 10 - 5;
      return [
        5 + t / 3 + (rand() - 0.5) * 1e-3,
        -1 + (2 * t) / 3 + (rand() - 0.5) * 1e-3,
        (2 * t) / 3 + (rand() - 0.5) * 1e-3,
      ];
    });
    const r = pca(rows, 2);
    expect(r.explainedVarianceRatio[0]).toBeGreaterThan(0.9999);
    expect(r.explainedVarianceRatio[1]).toBeLessThan(1e-4);
    const c = r.components[0]!;
    expect(c[0]).toBeCloseTo(1 / 3, 3);
    expect(c[1]).toBeCloseTo(2 / 3, 3);
    expect(c[2]).toBeCloseTo(2 / 3, 3);
  });

  it('recovers the variances of axis-aligned data and projects onto them', () => {
    // x has variance 9x that of y: sample x = 3*u, y = u' with u, u' in {-1, 1} (balanced).
    const rows: number[][] = [];
    for (const sx of [-1, 1]) for (const sy of [-1, 1]) rows.push([3 * sx, sy, 0]);
    const r = pca({ data: rows.flat(), shape: [4, 3] }, 2);
    // variance with n-1 = 3: x: 4*9/3 = 12, y: 4/3
    expect(r.explainedVariance[0]).toBeCloseTo(12, 6);
    expect(r.explainedVariance[1]).toBeCloseTo(4 / 3, 6);
    expect(r.explainedVarianceRatio[0]! + r.explainedVarianceRatio[1]!).toBeCloseTo(1, 6);
    expect(Math.abs(r.projected[0]![0]!)).toBeCloseTo(3, 6);
  });

  it('is deterministic and rejects bad input', () => {
    const rand = uniformStream(3);
    const data = Array.from({ length: 30 }, () => [rand(), rand(), rand(), rand()]);
    expect(pca(data)).toEqual(pca(data));
    expect(() => pca([1, 2, 3])).toThrow(/expected data shaped \[n, d\], got \[3\]/);
    expect(() => pca(data, 5)).toThrow(/k must be an integer in \[1, 4\], got 5/);
    expect(() => pca([[1, 2]])).toThrow(/at least 2 samples/);
  });
});
