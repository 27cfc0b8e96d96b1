import { describe, expect, it } from 'vitest';
import { OKABE_ITO, parseHex } from './palette.js';
import { rasterize } from './raster.js';
import { scoreHistogram } from './score-histogram.js';
import { svgTree } from './testing/svg-tree.js';

const pts = (s: string) => s.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
const barHeight = (points: string) => {
  const ys = pts(points).map((p) => p[1]);
  return Math.max(...ys) - Math.min(...ys);
};

// 4 bins over [1, 9] (width 2): normal 1, 2 -> bin 0, 5 -> bin 2; anomalous 5 -> bin 2, 8 and 9, 9 -> bin 3.
const SCORES = [1, 2, 5, 5, 8, 9, 9];
const FLAGS = [0, 0, 0, 1, 1, 1, 1];

describe('scoreHistogram', () => {
  it('overlays the share of each class per bin, normal blue and anomalous vermillion', () => {
    const t = svgTree(scoreHistogram({ scores: SCORES, isAnomaly: FLAGS, bins: 4, title: 'digit 0' }));
    const normal = t.cls('bar-normal');
    const anomalous = t.cls('bar-anomalous');
    expect(normal).toHaveLength(2);
    expect(anomalous).toHaveLength(2);
    expect(normal[0]!.attrs.fill).toBe(OKABE_ITO[3]);
    expect(anomalous[0]!.attrs.fill).toBe(OKABE_ITO[4]);
    expect(normal[0]!.attrs['fill-opacity']).toBe('0.45');
    // shares: normal [2/3, 0, 1/3, 0], anomalous [0, 0, 1/4, 3/4]
    const h = [...normal, ...anomalous].map((b) => barHeight(b.attrs.points!));
    expect(h[1]! / h[0]!).toBeCloseTo(1 / 2, 2);
    expect(h[2]! / h[3]!).toBeCloseTo(1 / 3, 2);
    expect(h[0]! / h[3]!).toBeCloseTo(2 / 3 / (3 / 4), 2);
    // the bin at 5 holds one of each: the same x extent in both colours
    expect(pts(normal[1]!.attrs.points!)[0]![0]).toBeCloseTo(pts(anomalous[0]!.attrs.points!)[0]![0], 6);
    expect(t.cls('outline-normal')).toHaveLength(1);
    expect(t.texts('legend-label')).toEqual(['normal (n=3)', 'anomalous (n=4)']);
    expect(t.texts('axis-label')).toEqual(['anomaly score', 'share of images']);
  });

  it('renders to pixels with the see-through colours', () => {
    const scene = scoreHistogram({ scores: [1, 1, 1, 3], isAnomaly: [0, 0, 0, 1], bins: 2 });
    const bar = svgTree(scene).cls('bar-normal')[0]!;
    const [x0, , x1, y0, , , , y1] = bar.attrs.points!.split(/[ ,]/).map(Number) as number[];
    const px = rasterize(scene, { scale: 1 });
    // off the grid lines (ticks at round shares and scores)
    const cx = Math.round(x0! + 0.37 * (x1! - x0!));
    const cy = Math.round(y0! + 0.3 * (y1! - y0!));
    const at = 4 * (cy * px.width + cx);
    const blue = parseHex(OKABE_ITO[3]!);
    // 45% blue over white, within rounding
    for (let c = 0; c < 3; c++) expect(px.data[at + c]!).toBeCloseTo(255 + 0.45 * (blue[c]! - 255), -1);
  });

  it('bins on a log axis, draws a class that is alone, and a flat set of scores', () => {
    const log = svgTree(
      scoreHistogram({ scores: [0.002, 0.02, 0.2, 1], isAnomaly: [0, 0, 1, 1], bins: 3, logX: true }),
    );
    // equal bins in log10 over [-2.7, 0]: 0.002 and 0.02 in the first two, 0.2 and 1 in the last
    expect(log.cls('bar-normal')).toHaveLength(2);
    expect(log.cls('bar-anomalous')).toHaveLength(1);
    expect(log.texts('tick-label')).toEqual(expect.arrayContaining(['0.01', '0.1', '1']));
    const alone = svgTree(scoreHistogram({ scores: [0.2, 0.2], isAnomaly: [false, false] }));
    expect(alone.cls('bar-normal')).toHaveLength(1);
    expect(alone.cls('bar-anomalous')).toHaveLength(0);
    expect(alone.texts('legend-label')).toEqual(['normal (n=2)']);
  });

  it('explains bad input', () => {
    expect(() => scoreHistogram({ scores: [1, 2], isAnomaly: [0] })).toThrow(
      'scoreHistogram: expected one isAnomaly flag per score (2), got 1',
    );
    expect(() => scoreHistogram({ scores: new Float32Array(0), isAnomaly: [] })).toThrow(
      'scoreHistogram: expected at least one score',
    );
    expect(() => scoreHistogram({ scores: [1, Number.NaN], isAnomaly: [0, 1] })).toThrow(
      'scoreHistogram: scores[1] is NaN; expected a finite number',
    );
    expect(() => scoreHistogram({ scores: [0, 1], isAnomaly: [0, 1], logX: true })).toThrow(
      'scoreHistogram: scores[0] is 0; expected a finite number > 0 (logX)',
    );
    expect(() => scoreHistogram({ scores: [0, 1], isAnomaly: [0, 'yes'] as never })).toThrow(
      'scoreHistogram: isAnomaly[1] is "yes"; expected true/false or 1/0',
    );
    expect(() => scoreHistogram({ scores: [0, 1], isAnomaly: [0, 1], bins: 0 })).toThrow(
      'scoreHistogram: bins must be an integer in [1, 1000], got 0',
    );
    expect(() => scoreHistogram({ scores: [0, 1], isAnomaly: [0, 1], classNames: ['a'] } as never)).toThrow(
      'scoreHistogram: classNames must be two strings [normal, anomalous], got ["a"]',
    );
    expect(() => scoreHistogram({ scores: [0, 1], isAnomaly: [0, 1], bin: 3 } as never)).toThrow(
      "scoreHistogram: unknown option 'bin'; did you mean 'bins'?",
    );
  });
});
