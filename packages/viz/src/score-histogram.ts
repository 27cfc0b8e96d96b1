// jscpd:ignore-start (the same imports as roc-chart.ts: both are charts on chart-frame)
import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, toNumbers } from './array.js';
import { makeAxis } from './axes.js';
import { chartPlot, chartScene, chartSize } from './chart-frame.js';
import { OKABE_ITO } from './palette.js';
import type { Scene } from './scene.js';
// jscpd:ignore-end

/** Options of {@link scoreHistogram}. */
export interface ScoreHistogramOptions {
  /** One anomaly score per image. */
  scores: ArrayInput | ArrayLike<number>;
  /** Per image: true (or 1) for an anomaly, false (or 0) for a normal image. */
  isAnomaly: ArrayLike<boolean | number>;
  /** Number of equal-width bins over the scores' range (log-width with `logX`). Default 40. */
  bins?: number;
  /** Log-scale x axis (reconstruction errors often span decades); every score must then be > 0. */
  logX?: boolean;
  /** Legend names of the normal and the anomalous images. Default ['normal', 'anomalous']. */
  classNames?: readonly [string, string];
  title?: string;
  /** Default 'anomaly score'. */
  xLabel?: string;
  width?: number;
  height?: number;
  fontSize?: number;
}

const HISTOGRAM_KEYS = [
  'scores',
  'isAnomaly',
  'bins',
  'logX',
  'classNames',
  'title',
  'xLabel',
  'width',
  'height',
  'fontSize',
];

// Normal blue, anomalous vermillion (the colour viz uses for "wrong"); bars see-through so the overlap shows.
const COLORS = [OKABE_ITO[3]!, OKABE_ITO[4]!] as const;
const BAR_OPACITY = 0.45;

function checkInput(opts: ScoreHistogramOptions, where: string): { scores: number[]; flags: number[] } {
  const scores = toNumbers(opts.scores as ArrayInput, `${where}: scores`);
  const raw = opts.isAnomaly;
  if (raw == null || typeof raw.length !== 'number' || raw.length !== scores.length) {
    throw new Error(
      `${where}: expected one isAnomaly flag per score (${scores.length}), got ${raw == null ? String(raw) : raw.length}`,
    );
  }
  if (scores.length === 0) throw new Error(`${where}: expected at least one score, got none`);
  const flags = Array.from(raw, (f, i) => {
    if (!(f === true || f === false || f === 0 || f === 1)) {
      throw new Error(`${where}: isAnomaly[${i}] is ${JSON.stringify(f)}; expected true/false or 1/0`);
    }
    return f === true || f === 1 ? 1 : 0;
  });
  scores.forEach((v, i) => {
    if (!Number.isFinite(v) || (opts.logX && v <= 0)) {
      throw new Error(
        `${where}: scores[${i}] is ${v}; expected a finite number${opts.logX ? ' > 0 (logX)' : ''}`,
      );
    }
  });
  return { scores, flags };
}

/**
 * Overlaid histograms of the anomaly scores of normal and anomalous images (blue and vermillion, see-through),
 * each as the share of its own images per bin so that classes of different sizes compare.
 */
export function scoreHistogram(opts: ScoreHistogramOptions): Scene {
  const where = 'scoreHistogram';
  checkKeys(opts, HISTOGRAM_KEYS, where);
  const { scores, flags } = checkInput(opts, where);
  const bins = opts.bins ?? 40;
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 1000)) {
    throw new Error(`${where}: bins must be an integer in [1, 1000], got ${bins}`);
  }
  const names = opts.classNames ?? ['normal', 'anomalous'];
  if (!(Array.isArray(names) && names.length === 2 && names.every((s) => typeof s === 'string'))) {
    throw new Error(
      `${where}: classNames must be two strings [normal, anomalous], got ${JSON.stringify(names)}`,
    );
  }
  const logX = opts.logX ?? false;
  const t = logX ? Math.log10 : (v: number) => v;
  let lo = Math.min(...scores.map(t));
  let hi = Math.max(...scores.map(t));
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const edges = Array.from({ length: bins + 1 }, (_, i) => {
    const e = lo + ((hi - lo) * i) / bins;
    return logX ? 10 ** e : e;
  });
  const totals = [0, 0];
  const counts = [new Array<number>(bins).fill(0), new Array<number>(bins).fill(0)];
  scores.forEach((v, i) => {
    const bin = Math.min(bins - 1, Math.floor(((t(v) - lo) / (hi - lo)) * bins));
    counts[flags[i]!]![bin]!++;
    totals[flags[i]!]!++;
  });
  const shares = counts.map((c, k) => c.map((n) => (totals[k]! > 0 ? n / totals[k]! : 0)));
  const shown = [0, 1].filter((k) => totals[k]! > 0);
  const xAxis = makeAxis([edges[0]!, edges[bins]!], opts.xLabel ?? 'anomaly score', { log: logX });
  const yAxis = makeAxis(
    shown.flatMap((k) => shares[k]!),
    'share of images',
    { zero: true },
  );
  const legend = shown.map((k) => ({
    label: `${names[k]} (n=${totals[k]})`,
    color: COLORS[k]!,
    swatch: 'square' as const,
  }));
  const layout = { ...chartSize(opts, 640, 360), title: opts.title, xAxis, yAxis, legend };
  const plot = chartPlot(where, layout);
  const { marks, sx, sy } = plot;
  for (const k of shown) {
    const cls = k === 1 ? 'anomalous' : 'normal';
    const color = COLORS[k]!;
    const outline: number[] = [sx(edges[0]!), sy(0)];
    shares[k]!.forEach((share, i) => {
      const [x0, x1, y] = [sx(edges[i]!), sx(edges[i + 1]!), sy(share)];
      outline.push(x0, y, x1, y);
      // One small polygon per bar: the rasterizer fills polygons by their bounding box.
      if (share > 0) {
        const points = [x0, sy(0), x1, sy(0), x1, y, x0, y];
        marks.push({ type: 'polygon', cls: `bar-${cls}`, points, fill: color, opacity: BAR_OPACITY });
      }
    });
    outline.push(sx(edges[bins]!), sy(0));
    marks.push({ type: 'polyline', cls: `outline-${cls}`, points: outline, stroke: color, strokeWidth: 1.5 });
  }
  return chartScene(plot, layout, 'anomaly scores');
}
