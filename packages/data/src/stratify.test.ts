import { seededRandom } from '@aecnn/layers';
import { describe, expect, it } from 'vitest';
import { apportion, balancedQuotas, groupByClass, pickPerClass, stratifiedSplit } from './stratify';

describe('apportion', () => {
  it('sums exactly and stays within one of the exact share', () => {
    const sizes = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const parts = apportion(sizes, 8000);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(8000);
    for (const [i, p] of parts.entries()) expect(Math.abs(p - 0.8 * sizes[i]!)).toBeLessThan(1);
  });

  it('hands remainders to the largest fractions: [1, 1, 1] of 2 -> [1, 1, 0]', () => {
    expect(apportion([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(apportion([3, 1], 2)).toEqual([2, 0]); // shares 1.5 and 0.5: tie on .5 goes to the lower index
  });
});

describe('groupByClass', () => {
  it('groups positions and skips hidden (-1) labels', () => {
    expect(groupByClass([1, 0, -1, 1], 3)).toEqual([[1], [0, 3], []]);
  });
});

describe('balancedQuotas / pickPerClass / stratifiedSplit', () => {
  it('balancedQuotas sums to n and differs by at most one', () => {
    const q = balancedQuotas(23, 10, seededRandom(1));
    expect(q.reduce((a, b) => a + b, 0)).toBe(23);
    expect(Math.max(...q) - Math.min(...q)).toBe(1);
    expect(q.filter((v) => v === 3).length).toBe(3);
  });

  it('pickPerClass picks the quotas and names a class that has too few', () => {
    const labels = [0, 1, 0, 1, 0, 2];
    const picked = pickPerClass(labels, [2, 1, 1], seededRandom(2), () => new Error('x'));
    expect(picked.map((p) => labels[p]).sort()).toEqual([0, 0, 1, 2]);
    expect(() =>
      pickPerClass(labels, [1, 1, 2], seededRandom(2), (c, have) => new Error(`class ${c}: ${have}`)),
    ).toThrow('class 2: 1');
  });

  it('stratifiedSplit partitions every position once', () => {
    const labels = Array.from({ length: 20 }, (_, i) => i % 4);
    const [a, b] = stratifiedSplit(labels, 4, 8, seededRandom(3));
    expect(a.length).toBe(8);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([0, 1, 2, 3].map((c) => a.filter((p) => labels[p] === c).length)).toEqual([2, 2, 2, 2]);
  });
});
