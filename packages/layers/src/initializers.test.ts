import { describe, expect, it } from 'vitest';
import { fans, glorotUniform, heNormal, ones, zeros } from './initializers';
import { deriveSeed, normalStream, uniformStream } from './rng';

const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: Float32Array) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

describe('initializers', () => {
  it('computes Keras fans (receptive field times channels for conv kernels)', () => {
    expect(fans([3, 3, 8, 16])).toEqual({ fanIn: 72, fanOut: 144 });
    expect(fans([5408, 64])).toEqual({ fanIn: 5408, fanOut: 64 });
    expect(fans([10])).toEqual({ fanIn: 10, fanOut: 10 });
  });

  it('glorotUniform is uniform within ±sqrt(6 / (fanIn + fanOut))', () => {
    const w = glorotUniform([3, 3, 16, 32], 1);
    const limit = Math.sqrt(6 / (144 + 288));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    // U(-l, l) has std l / sqrt(3)
    expect(std(w)).toBeCloseTo(limit / Math.sqrt(3), 2);
    expect(Math.abs(mean(w))).toBeLessThan(0.01);
  });

  it('heNormal has std sqrt(2 / fanIn) and is truncated at two of its sigmas', () => {
    const w = heNormal([3, 3, 16, 64], 2);
    const target = Math.sqrt(2 / 144);
    expect(std(w) / target).toBeGreaterThan(0.97);
    expect(std(w) / target).toBeLessThan(1.03);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual((2 * target) / 0.8796256610342398 + 1e-6);
  });

  it('zeros and ones', () => {
    expect(Array.from(zeros([2, 2], 0))).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3], 0))).toEqual([1, 1, 1]);
  });

  it('one seed gives the same values; seeds and paths decorrelate', () => {
    expect(heNormal([50], 7)).toEqual(heNormal([50], 7));
    expect(glorotUniform([50], 7)).not.toEqual(glorotUniform([50], 8));
    expect(deriveSeed(1, 'a/kernel')).toBe(deriveSeed(1, 'a/kernel'));
    expect(deriveSeed(1, 'a/kernel')).not.toBe(deriveSeed(1, 'b/kernel'));
    expect(deriveSeed(1, 'a/kernel')).not.toBe(deriveSeed(2, 'a/kernel'));
    const u = uniformStream(3);
    const us = Array.from({ length: 10000 }, u);
    expect(Math.min(...us)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...us)).toBeLessThan(1);
    const n = normalStream(4);
    const ns = Float32Array.from({ length: 20000 }, n);
    expect(Math.abs(mean(ns))).toBeLessThan(0.03);
    expect(std(ns)).toBeCloseTo(1, 1);
  });
});
