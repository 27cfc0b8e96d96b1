import { describe, expect, it } from 'vitest';
import { readMnistPackage } from './mnist-digits';

describe('readMnistPackage', () => {
  it('turns the 10,000 digits of the mnist package into bytes, about 1,000 a class, in class order', () => {
    const { images, labels, count } = readMnistPackage();
    expect(count).toBe(10_000);
    expect(images.length).toBe(10_000 * 784);
    const perClass = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    // NOTE: the package holds 1001 zeros, 1127 ones, 991 twos, ... (not exactly 1,000 each).
    expect(perClass.slice(0, 3)).toEqual([1001, 1127, 991]);
    for (const n of perClass) expect(n).toBeGreaterThan(800);
    expect(labels[0]).toBe(0);
    expect(labels[9999]).toBe(9);
    // Real digits: mostly black, some full white strokes; mean intensity of MNIST is about 0.13.
    const mean = images.reduce((s, v) => s + v, 0) / images.length / 255;
    expect(mean).toBeGreaterThan(0.1);
    expect(mean).toBeLessThan(0.16);
    expect(Math.max(...images.subarray(0, 784))).toBe(255);
  });
});
