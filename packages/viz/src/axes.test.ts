import { describe, expect, it } from 'vitest';
import { formatNumber, logTicks, makeAxis, niceTicks, tickFormatter } from './axes.js';

describe('axes', () => {
  it('niceTicks picks round steps near the wanted count', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-9.5, 15.6, 5)).toEqual([-5, 0, 5, 10, 15]);
    expect(niceTicks(1, 30, 5)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(niceTicks(0.8, 4.2, 5, true)).toEqual([1, 2, 3, 4]);
    expect(niceTicks(0, 12, 5, true)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('logTicks gives decades, plus 2x and 5x over short ranges', () => {
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.03, 0.6)).toEqual([0.05, 0.1, 0.2, 0.5]);
  });

  it('tick labels of one axis share a style', () => {
    const f = tickFormatter([0, 2.5e-4, 5e-4, 7.5e-4, 1e-3]);
    expect([0, 2.5e-4, 1e-3].map(f)).toEqual(['0', '2.5e-4', '1.0e-3']);
    const flat = tickFormatter([1.9e-3, 2e-3, 2.1e-3, 2.2e-3]);
    expect([1.9e-3, 2.2e-3].map(flat)).toEqual(['1.9e-3', '2.2e-3']);
    expect(tickFormatter([0, 2.5e-5, 5e-5])(2.5e-5)).toBe('2.5e-5');
    const g = tickFormatter([0.5, 0.75, 1]);
    expect([0.5, 0.75, 1].map(g)).toEqual(['0.50', '0.75', '1.00']);
    expect(tickFormatter([0, 10, 20])(20)).toBe('20');
  });

  it('formatNumber keeps values short', () => {
    expect([0, 3, 0.12345, 123456, 0.00001234].map(formatNumber)).toEqual([
      '0',
      '3',
      '0.123',
      '1.2e5',
      '1.2e-5',
    ]);
  });

  it('makeAxis pads the data range and widens flat data', () => {
    const a = makeAxis([1, 2, 3], 'x');
    expect(a.min).toBeLessThan(1);
    expect(a.max).toBeGreaterThan(3);
    const flat = makeAxis([5, 5], 'y');
    expect(flat.max - flat.min).toBeCloseTo(1, 6);
    const log = makeAxis([0.01, 1, -1, Number.NaN], 'loss', { log: true });
    expect(log.min).toBeLessThan(0.01);
    expect(log.min).toBeGreaterThan(0);
  });
});
