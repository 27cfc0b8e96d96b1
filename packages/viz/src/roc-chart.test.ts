import { describe, expect, it } from 'vitest';
import { OKABE_ITO } from './palette.js';
import { rocChart } from './roc-chart.js';
import { svgTree } from './testing/svg-tree.js';

const pts = (s: string) => s.split(' ').map((p) => p.split(',').map(Number) as [number, number]);

// rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) of @aecnn/train
const CURVE = {
  fpr: [0, 0, 0.5, 0.5, 1],
  tpr: [0, 0.5, 0.5, 1, 1],
  thresholds: [Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1],
  auc: 0.75,
};

describe('rocChart', () => {
  it('draws each curve from (0, 0) to (1, 1) over the chance diagonal, AUC in the legend', () => {
    const t = svgTree(
      rocChart({
        curves: [
          { name: 'AE', ...CURVE },
          { name: 'chance-ish', fpr: [0, 1], tpr: [0, 1] },
        ],
        title: 'ROC',
      }),
    );
    const lines = t.cls('series');
    expect(lines.map((l) => l.attrs.stroke)).toEqual([OKABE_ITO[0], OKABE_ITO[1]]);
    const ae = pts(lines[0]!.attrs.points!);
    expect(ae).toHaveLength(5);
    const chance = t.cls('chance')[0]!.attrs;
    // the curve starts where the diagonal starts and ends where it ends
    expect(ae[0]).toEqual([Number(chance.x1), Number(chance.y1)]);
    expect(ae[4]).toEqual([Number(chance.x2), Number(chance.y2)]);
    // (0, 0.5) is straight above (0, 0), halfway to the top; (0.5, 0.5) halfway across
    expect(ae[1]![0]).toBeCloseTo(ae[0]![0], 1);
    expect(ae[1]![1]).toBeCloseTo((ae[0]![1] + ae[4]![1]) / 2, 1);
    expect(ae[2]![0]).toBeCloseTo((ae[0]![0] + ae[4]![0]) / 2, 1);
    expect(t.texts('legend-label')).toEqual(['AE (AUC 0.750)', 'chance-ish']);
    expect(t.texts('axis-label')).toEqual(['false positive rate', 'true positive rate']);
    expect(t.texts('title')).toEqual(['ROC']);
  });

  it('explains bad input', () => {
    expect(() => rocChart({ curves: [] })).toThrow('rocChart: expected at least one curve, got none');
    expect(() => rocChart({ curves: [{ name: 'a', fpr: [0, 1], tpr: [0] }] })).toThrow(
      "rocChart: curve 'a' needs as many fpr as tpr values, at least 2, got 2 and 1",
    );
    expect(() => rocChart({ curves: [{ name: 'a', fpr: [0, 1.5], tpr: [0, 1] }] })).toThrow(
      "rocChart: curve 'a' has a rate 1.5 outside [0, 1]",
    );
    expect(() => rocChart({ curves: [{ name: 'a', fpr: [0, 1], tpr: [0, Number.NaN] }] })).toThrow(
      'has a rate NaN outside [0, 1]',
    );
    expect(() =>
      rocChart({ curves: [{ name: 'a', fpr: [0, 1], tpr: [0, 1], colour: '#000' }] } as never),
    ).toThrow("rocChart: curves[0]: unknown option 'colour'; did you mean 'color'?");
    expect(() => rocChart({ curve: [] } as never)).toThrow(
      "rocChart: unknown option 'curve'; did you mean 'curves'?",
    );
  });
});
