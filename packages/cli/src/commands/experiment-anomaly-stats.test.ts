import { describe, expect, it } from 'vitest';
import type { AnomalyRun } from './experiment-anomaly-cells';
import { anomalyTable, summarizeAnomaly } from './experiment-anomaly-stats';
import { parseDigits } from './experiment-options';

const run = (digit: number, seed: number, rocAuc: number, averagePrecision = 0.5): AnomalyRun => ({
  method: 'ae',
  digit,
  seed,
  epochs: 2,
  trainImages: 100 + digit,
  rocAuc,
  averagePrecision,
  trainSeconds: 1,
});

describe('summarizeAnomaly', () => {
  it('averages each digit over seeds and the digits over each complete seed', () => {
    const runs = [run(0, 1, 0.9, 0.6), run(0, 2, 0.8, 0.4), run(3, 1, 0.7, 0.2), run(3, 2, 0.6, 0.2)];
    const s = summarizeAnomaly(runs, [0, 3]);
    expect(s.digits.map((d) => d.digit)).toEqual([0, 3]);
    expect(s.digits[0]).toMatchObject({
      digit: 0,
      trainImages: 100,
      n: 2,
      min: 0.8,
      max: 0.9,
      aucs: [0.9, 0.8],
    });
    expect(s.digits[0]!.mean).toBeCloseTo(0.85, 12);
    // sample std of two values: |a - b| / sqrt(2)
    expect(s.digits[0]!.std).toBeCloseTo(0.1 / Math.SQRT2, 12);
    expect(s.digits[0]!.averagePrecision).toBeCloseTo(0.5, 12);
    // seed means 0.8 and 0.7
    expect(s.mean!.rocAuc).toBeCloseTo(0.75, 12);
    expect(s.mean!.std).toBeCloseTo(0.1 / Math.SQRT2, 12);
    expect(s.mean!.averagePrecision).toBeCloseTo(0.35, 12);
  });

  it('leaves the mean out until a seed has every digit, and counts only complete seeds', () => {
    expect(summarizeAnomaly([run(0, 1, 0.9)], [0, 3]).mean).toBeUndefined();
    const partial = summarizeAnomaly([run(0, 1, 0.9), run(3, 1, 0.7), run(0, 2, 0.1)], [0, 3]);
    expect(partial.mean).toEqual({ rocAuc: expect.closeTo(0.8, 12), std: 0, averagePrecision: 0.5 });
  });
});

describe('anomalyTable', () => {
  it('has a row per digit and the mean row', () => {
    const table = anomalyTable(summarizeAnomaly([run(0, 1, 0.91234, 0.5), run(3, 1, 0.7, 0.25)], [0, 3]));
    expect(table.trim().split('\n')).toEqual([
      '| normal digit | training images | ROC AUC | average precision |',
      '| --- | ---: | ---: | ---: |',
      '| 0 | 100 | 0.912 ± 0.000 (n=1) | 0.500 |',
      '| 3 | 103 | 0.700 ± 0.000 (n=1) | 0.250 |',
      '| **mean** | | **0.806** ± 0.000 | 0.375 |',
    ]);
    expect(anomalyTable(summarizeAnomaly([], [0]))).toContain('| **mean** | | – | – |');
  });
});

describe('parseDigits', () => {
  it('parses distinct whole numbers and explains anything else', () => {
    expect(parseDigits('0, 3,7')).toEqual([0, 3, 7]);
    expect(() => parseDigits('0,x')).toThrow("got 'x' in '0,x'");
    expect(() => parseDigits('-1')).toThrow("got '-1' in '-1'");
    expect(() => parseDigits('3,3')).toThrow("digit '3' is repeated in '3,3'");
  });
});
