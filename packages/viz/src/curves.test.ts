import { describe, expect, it } from 'vitest';
import { curves } from './curves.js';
import { OKABE_ITO } from './palette.js';
import { svgTree } from './testing/svg-tree.js';

describe('curves', () => {
  it('draws one line per series with a legend, axis titles and tick labels', () => {
    const t = svgTree(
      curves({
        series: [
          { name: 'loss', values: [1, 0.5, 0.25, 0.2] },
          { name: 'val_loss', values: [1.1, 0.6, 0.4, 0.35] },
        ],
        title: 'Loss',
        yLabel: 'MSE',
      }),
    );
    const lines = t.cls('series');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.attrs.stroke)).toEqual([OKABE_ITO[0], OKABE_ITO[1]]);
    expect(lines[0]!.attrs.points!.split(' ')).toHaveLength(4);
    expect(t.texts('legend-label')).toEqual(['loss', 'val_loss']);
    expect(t.texts('axis-label')).toEqual(['epoch', 'MSE']);
    expect(t.texts('title')).toEqual(['Loss']);
    // epochs 1..4 on x
    expect(
      t.texts('tick-label').filter((_, i) => t.cls('tick-label')[i]!.attrs.class!.includes('x')),
    ).toContain('4');
  });

  it('breaks a line at NaN, marks short series point by point, and honours explicit x', () => {
    const t = svgTree(
      curves({
        series: [{ name: 'acc', values: [0.1, 0.2, Number.NaN, 0.4, 0.5], x: [10, 20, 30, 40, 50] }],
        xLabel: 'step',
      }),
    );
    expect(t.cls('series')).toHaveLength(2);
    expect(t.cls('series-point')).toHaveLength(4);
    expect(t.texts('axis-label')[0]).toBe('step');
  });

  it('log axis skips non-positive values and labels decades', () => {
    const t = svgTree(curves({ series: [{ name: 'loss', values: [10, 1, 0.1, 0, 0.01] }], logY: true }));
    expect(t.cls('series-point')).toHaveLength(4);
    const yTicks = t
      .cls('tick-label')
      .filter((e) => e.attrs.class!.includes('y'))
      .map((e) => e.text);
    expect(yTicks).toEqual(expect.arrayContaining(['0.01', '0.1', '1', '10']));
  });

  it('explains bad input', () => {
    expect(() => curves({ series: [] })).toThrow('curves: expected at least one series, got none');
    expect(() => curves({ series: [{ name: 'a', values: [1, 2], x: [1] }] })).toThrow(
      "curves: series 'a' has 2 values but 1 x positions",
    );
    expect(() => curves({ series: [{ name: 'a', values: [1] }], width: 100, height: 60 })).toThrow(
      /leaves no room/,
    );
  });

  it('rejects unknown options, naming the closest one', () => {
    expect(() => curves({ series: [{ name: 'a', values: [1, 2] }], ylabel: 'MSE' } as never)).toThrow(
      "curves: unknown option 'ylabel'; did you mean 'yLabel'? expected one of series, title, xLabel, yLabel, " +
        'logY, xStart, width, height, fontSize',
    );
    expect(() => curves({ series: [{ name: 'a', value: [1, 2] }] } as never)).toThrow(
      "curves: series[0]: unknown option 'value'; did you mean 'values'? expected one of name, values, x, color",
    );
  });
});
