import { describe, expect, it } from 'vitest';
import { apportion, groupByClass } from './stratify';

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
