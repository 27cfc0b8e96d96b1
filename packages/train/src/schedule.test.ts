import { describe, expect, it } from 'vitest';
import { resolveSchedule } from './schedule';

describe('learning-rate schedules', () => {
  it('step decays by factor every n epochs, constant within an epoch', () => {
    const f = resolveSchedule({ kind: 'step', every: 2, factor: 0.5 }, 0.1, 10);
    expect([0, 1.5, 2, 3.9, 4, 9.99].map(f)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.1 * 0.5 ** 4]);
  });

  it('cosine goes from lr to minLearningRate over the run, halfway at the middle', () => {
    const f = resolveSchedule({ kind: 'cosine', minLearningRate: 0.01 }, 0.1, 10);
    expect(f(0)).toBeCloseTo(0.1, 12);
    expect(f(5)).toBeCloseTo(0.055, 12);
    expect(f(10)).toBeCloseTo(0.01, 12);
  });

  it('cosine warmup ramps linearly to lr', () => {
    const f = resolveSchedule({ kind: 'cosine', warmupEpochs: 2 }, 0.1, 10);
    expect(f(1)).toBeCloseTo(0.05, 3);
    expect(f(2)).toBeCloseTo(0.1, 12);
  });

  it('rejects bad specs naming the option', () => {
    expect(() => resolveSchedule({ kind: 'step', every: 0 }, 0.1, 3)).toThrow(
      /'every' must be an integer number of epochs >= 1, got 0/,
    );
    expect(() => resolveSchedule({ kind: 'cosine', minLearningRate: 1 }, 0.1, 3)).toThrow(
      /minLearningRate must be in \[0, 0.1\]/,
    );
    expect(() => resolveSchedule('linear' as never, 0.1, 3)).toThrow(/expected 'constant', \{ kind: 'step'/);
  });
});
