import { describe, expect, it } from 'vitest';
import { precisionRecall, rocAuc, rocCurve } from './ranking';

// scikit-learn's doc example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75 and
// average_precision_score = 0.8333.
const SCORES = [0.1, 0.4, 0.35, 0.8];
const FLAGS = [false, false, true, true];

// Every (anomaly, normal) pair: 1 when the anomaly scores higher, 1/2 for a tie.
function pairwiseAuc(scores: number[], flags: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!flags[i]) return;
    scores.forEach((b, j) => {
      if (flags[j]) return;
      pairs++;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it('is the share of (anomaly, normal) pairs ranked right', () => {
    // 0.35 beats 0.1 but not 0.4; 0.8 beats both: 3 of 4 pairs
    expect(rocAuc(SCORES, FLAGS)).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts ties as one half (average ranks)', () => {
    // anomalies 1, 2, 3 vs normals 1, 2: (0.5 + 0) + (1 + 0.5) + (1 + 1) = 4 of 6 pairs
    expect(rocAuc([1, 1, 2, 2, 3], [0, 1, 0, 1, 1])).toBeCloseTo(4 / 6, 12);
    expect(rocAuc([5, 5, 5], [true, false, true])).toBe(0.5);
  });

  it('equals the pairwise count and the ROC curve area on random scores with many ties', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const scores = Array.from({ length: 300 }, () => Math.round(rand() * 20) / 20);
    const flags = scores.map((s) => rand() < 0.3 + 0.4 * s);
    const auc = rocAuc(scores, flags);
    expect(auc).toBeCloseTo(pairwiseAuc(scores, flags), 12);
    expect(rocCurve(scores, flags).auc).toBeCloseTo(auc, 12);
    expect(rocAuc(new Float32Array(scores), flags)).toBeCloseTo(auc, 6);
  });

  it('explains degenerate and bad input', () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow(
      'rocAuc: needs both normal and anomalous images, got 2 anomalous and 0 normal',
    );
    expect(() => rocAuc([0.1, 0.2], [false, false])).toThrow('got 0 anomalous and 2 normal');
    expect(() => rocAuc([], [])).toThrow('rocAuc: expected at least one score, got none');
    expect(() => rocAuc([0.1, 0.2, 0.3], [0, 1])).toThrow('rocAuc: 3 scores but 2 isAnomaly flags');
    expect(() => rocAuc([0.1, Number.NaN], [0, 1])).toThrow('rocAuc: scores[1] is NaN');
    expect(() => rocAuc([0.1, 0.2], [0, 2])).toThrow('rocAuc: isAnomaly[1] is 2; expected true/false or 1/0');
    expect(() => rocCurve([1], [1])).toThrow('rocCurve: needs both normal and anomalous images');
  });
});

describe('rocCurve', () => {
  it('has one point per distinct score, from (0, 0) to (1, 1)', () => {
    const c = rocCurve(SCORES, FLAGS);
    expect(c.thresholds).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1]);
    expect(c.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(c.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(c.auc).toBeCloseTo(0.75, 12);
  });

  it('joins tied scores into one diagonal step', () => {
    const c = rocCurve([1, 1, 2, 2, 3], [0, 1, 0, 1, 1]);
    expect(c.thresholds).toEqual([Number.POSITIVE_INFINITY, 3, 2, 1]);
    expect(c.fpr).toEqual([0, 0, 0.5, 1]);
    expect(c.tpr.map((v) => Number(v.toFixed(6)))).toEqual([0, 0.333333, 0.666667, 1]);
    expect(c.auc).toBeCloseTo(4 / 6, 12);
  });
});

describe('precisionRecall', () => {
  it('gives precision and recall per distinct score and the average precision', () => {
    const pr = precisionRecall(SCORES, FLAGS);
    expect(pr.thresholds).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(pr.recall).toEqual([0.5, 0.5, 1, 1]);
    expect(pr.precision.map((v) => Number(v.toFixed(6)))).toEqual([1, 0.5, 0.666667, 0.5]);
    // 0.5 * 1 + 0 * 0.5 + 0.5 * 2/3 + 0 * 0.5
    expect(pr.averagePrecision).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('counts tied scores as one threshold', () => {
    // flag >= 3: 1 of 1 right, recall 1/3; >= 2: 2 of 3, recall 2/3; >= 1: 3 of 5, recall 1
    const pr = precisionRecall([1, 1, 2, 2, 3], [0, 1, 0, 1, 1]);
    expect(pr.thresholds).toEqual([3, 2, 1]);
    expect(pr.precision[0]).toBe(1);
    expect(pr.precision[1]).toBeCloseTo(2 / 3, 12);
    expect(pr.precision[2]).toBeCloseTo(3 / 5, 12);
    expect(pr.averagePrecision).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
  });

  it('is 1 for a perfect ranking and for anomalies only, and explains a set without anomalies', () => {
    expect(precisionRecall([0.1, 0.2, 0.9, 0.8], [0, 0, 1, 1]).averagePrecision).toBe(1);
    expect(precisionRecall([0.3, 0.1], [1, 1]).averagePrecision).toBe(1);
    expect(() => precisionRecall([0.3, 0.1], [0, 0])).toThrow(
      'precisionRecall: needs at least one anomalous image, got 2 normal and none anomalous',
    );
    expect(() => precisionRecall([0.3], [0, 1])).toThrow('precisionRecall: 1 scores but 2 isAnomaly flags');
  });
});
