import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, toNumbers } from './array.js';
import { makeAxis } from './axes.js';
import { chartPlot, chartScene } from './chart-frame.js';
import { markerMark } from './legend.js';
import { OKABE_ITO } from './palette.js';
import type { Scene } from './scene.js';

/** One curve: a name for the legend, its values, and optionally its x positions (default xStart, xStart+1, ...). */
export interface Series {
  name: string;
  values: ArrayInput | ArrayLike<number>;
  x?: ArrayInput | ArrayLike<number>;
  /** '#rrggbb'; default: the next Okabe-Ito colour. */
  color?: string;
}

/** Options of {@link curves}. */
export interface CurvesOptions {
  series: readonly Series[];
  title?: string;
  /** Default 'epoch'. */
  xLabel?: string;
  /** Default 'value'. */
  yLabel?: string;
  /** Log-scale y axis (losses spanning decades); non-positive values are skipped. */
  logY?: boolean;
  /** x of the first value when a series has no `x`; default 1 (epochs count from 1). */
  xStart?: number;
  width?: number;
  height?: number;
  fontSize?: number;
}

/** The keys of CurvesOptions. */
const CURVES_KEYS = ['series', 'title', 'xLabel', 'yLabel', 'logY', 'xStart', 'width', 'height', 'fontSize'];

/** Line chart of several series (loss, val loss, accuracy, learning rate) per epoch or step, with a legend. */
export function curves(opts: CurvesOptions): Scene {
  const where = 'curves';
  checkKeys(opts, CURVES_KEYS, where);
  if (!opts.series?.length) throw new Error(`${where}: expected at least one series, got none`);
  for (const [i, s] of opts.series.entries())
    checkKeys(s, ['name', 'values', 'x', 'color'], `${where}: series[${i}]`);
  const fontSize = opts.fontSize ?? 12;
  const width = opts.width ?? 640;
  const height = opts.height ?? 360;
  const xStart = opts.xStart ?? 1;
  const data = opts.series.map((s, i) => {
    const ys = toNumbers(s.values as ArrayInput, `${where}: series '${s.name}' values`);
    const xs = s.x
      ? toNumbers(s.x as ArrayInput, `${where}: series '${s.name}' x`)
      : ys.map((_, j) => xStart + j);
    if (xs.length !== ys.length) {
      throw new Error(`${where}: series '${s.name}' has ${ys.length} values but ${xs.length} x positions`);
    }
    return { name: s.name, xs, ys, color: s.color ?? OKABE_ITO[i % OKABE_ITO.length]! };
  });
  const logY = opts.logY ?? false;
  const xAxis = makeAxis(
    data.flatMap((d) => d.xs),
    opts.xLabel ?? 'epoch',
    // Epochs and steps are whole numbers: no 1.5 ticks.
    { integer: data.every((d) => d.xs.every(Number.isInteger)) },
  );
  const yAxis = makeAxis(
    data.flatMap((d) => d.ys),
    opts.yLabel ?? 'value',
    { log: logY },
  );
  const items = data.map((d) => ({ label: d.name, color: d.color, swatch: 'line' as const }));
  const layout = { width, height, fontSize, title: opts.title, xAxis, yAxis, legend: items };
  const plot = chartPlot(where, layout);
  const { marks, sx, sy } = plot;
  for (const d of data) {
    // A NaN (or a non-positive value on a log axis) breaks the line instead of dropping to the axis.
    let run: number[] = [];
    const flush = () => {
      if (run.length >= 4)
        marks.push({ type: 'polyline', cls: 'series', points: run, stroke: d.color, strokeWidth: 2 });
      run = [];
    };
    const ok = (v: number) => Number.isFinite(v) && (!logY || v > 0);
    d.ys.forEach((v, j) => {
      if (ok(v) && Number.isFinite(d.xs[j]!)) run.push(sx(d.xs[j]!), sy(v));
      else flush();
    });
    flush();
    // Markers make short runs (a few epochs, or a single point) visible.
    if (d.ys.length <= 40) {
      d.ys.forEach((v, j) => {
        if (ok(v))
          marks.push(markerMark('circle', sx(d.xs[j]!), sy(v), 2.8, d.color, undefined, 'series-point'));
      });
    }
  }
  return chartScene(plot, layout, 'curves');
}
