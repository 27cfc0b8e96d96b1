import type { Mark } from './scene.js';
import { textWidth } from './scene.js';

/** A plot area in scene coordinates. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One axis: its domain, scale kind, tick positions and title. */
export interface AxisSpec {
  min: number;
  max: number;
  log: boolean;
  ticks: number[];
  label: string;
}

/** Round tick values (1, 2, 5 x 10^k steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The candidate step whose tick count lands closest to `count` (ties go to the larger step).
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * mag)
    .map((st) => (integer ? Math.max(1, st) : st))
    .filter((st) => !integer || Number.isInteger(st))
    .reduce((best, s) =>
      Math.abs((max - min) / s - count) <= Math.abs((max - min) / best - count) ? s : best,
    );
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

/** Ticks for a log axis: powers of ten, plus 2x and 5x when the range spans fewer than three decades. */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const mults = hi - lo < 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of mults) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** Short label for a tick or a value: integers as is, small/huge numbers in exponent form, else 3 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(3)));
}

/** One formatter for all ticks of an axis, so labels share a style (0.5, 1.0, 1.5 or 2.5e-4, 5.0e-4). */
export function tickFormatter(ticks: readonly number[]): (v: number) => string {
  if (ticks.length < 2) return formatNumber;
  const step = Math.abs(ticks[1]! - ticks[0]!);
  const big = Math.max(...ticks.map(Math.abs));
  if (!(step > 0)) return formatNumber;
  if (big >= 1e5 || big < 1e-2) {
    // The fewest mantissa digits that write every tick exactly (2.5e-4 needs 1, 1e-3 none), shared by all.
    const need = (v: number) => {
      let d = 0;
      while (d < 6 && Math.abs(Number(v.toExponential(d)) - v) > Math.abs(v) * 1e-9) d++;
      return d;
    };
    const digits = Math.max(...ticks.map(need));
    return (v) => (v === 0 ? '0' : v.toExponential(digits).replace('e+', 'e'));
  }
  // As many decimals as the step needs: 0.25 -> 2, 0.2 -> 1, 5 -> 0.
  let decimals = 0;
  while (decimals < 8 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6)
    decimals++;
  return (v) => v.toFixed(decimals);
}

/** Builds an axis for the values in `values` (NaN/Infinity ignored), padding a flat range so it is still drawable. */
export function makeAxis(
  values: readonly number[],
  label: string,
  opts: { log?: boolean; zero?: boolean; integer?: boolean } = {},
): AxisSpec {
  const log = opts.log ?? false;
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let min = finite.length ? Math.min(...finite) : 0;
  let max = finite.length ? Math.max(...finite) : 1;
  if (opts.zero && !log) min = Math.min(0, min);
  if (log) {
    if (!finite.length) [min, max] = [0.1, 1];
    if (min === max) [min, max] = [min / 2, max * 2];
    const pad = (Math.log10(max) - Math.log10(min)) * 0.04;
    [min, max] = [min / 10 ** pad, max * 10 ** pad];
    const ticks = logTicks(min, max);
    return { min, max, log, ticks: ticks.length ? ticks : [min, max], label };
  }
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  } else {
    const pad = (max - min) * 0.04;
    min = opts.zero && min === 0 ? 0 : min - pad;
    max += pad;
  }
  return { min, max, log, ticks: niceTicks(min, max, 5, opts.integer ?? false), label };
}

/** Maps a value on an axis to a coordinate between `from` and `to`. */
export function scale(axis: AxisSpec, from: number, to: number): (v: number) => number {
  if (axis.log) {
    const a = Math.log10(axis.min);
    const b = Math.log10(axis.max);
    return (v) => from + ((Math.log10(v) - a) / (b - a)) * (to - from);
  }
  return (v) => from + ((v - axis.min) / (axis.max - axis.min)) * (to - from);
}

/** Left margin needed for the y tick labels and the rotated y title. */
export function yAxisMargin(y: AxisSpec, fontSize: number): number {
  const fmt = y.log ? formatNumber : tickFormatter(y.ticks);
  const widest = Math.max(0, ...y.ticks.map((t) => textWidth(fmt(t), fontSize)));
  return widest + fontSize * 2.6;
}

/** Grid lines, a frame, tick labels and axis titles around `f` (x at the bottom, y on the left). */
export function axesMarks(f: Frame, x: AxisSpec, y: AxisSpec, fontSize: number): Mark[] {
  const marks: Mark[] = [];
  const fx = x.log ? formatNumber : tickFormatter(x.ticks);
  const fy = y.log ? formatNumber : tickFormatter(y.ticks);
  const sx = scale(x, f.x, f.x + f.w);
  const sy = scale(y, f.y + f.h, f.y);
  for (const t of x.ticks) {
    const px = sx(t);
    marks.push({ type: 'line', cls: 'grid', x1: px, y1: f.y, x2: px, y2: f.y + f.h, stroke: '#e6e6e6' });
    marks.push({
      type: 'line',
      cls: 'tick',
      x1: px,
      y1: f.y + f.h,
      x2: px,
      y2: f.y + f.h + 4,
      stroke: '#444444',
    });
    marks.push({
      type: 'text',
      cls: 'tick-label x',
      x: px,
      y: f.y + f.h + 5 + fontSize * 0.7,
      text: fx(t),
      size: fontSize,
      anchor: 'middle',
      fill: '#333333',
    });
  }
  for (const t of y.ticks) {
    const py = sy(t);
    marks.push({ type: 'line', cls: 'grid', x1: f.x, y1: py, x2: f.x + f.w, y2: py, stroke: '#e6e6e6' });
    marks.push({ type: 'line', cls: 'tick', x1: f.x - 4, y1: py, x2: f.x, y2: py, stroke: '#444444' });
    marks.push({
      type: 'text',
      cls: 'tick-label y',
      x: f.x - 6,
      y: py,
      text: fy(t),
      size: fontSize,
      anchor: 'end',
      fill: '#333333',
    });
  }
  marks.push({ type: 'rect', cls: 'frame', x: f.x, y: f.y, w: f.w, h: f.h, stroke: '#444444' });
  marks.push({
    type: 'text',
    cls: 'axis-label x',
    x: f.x + f.w / 2,
    y: f.y + f.h + fontSize * 2.4,
    text: x.label,
    size: fontSize,
    anchor: 'middle',
  });
  const widest = Math.max(0, ...y.ticks.map((t) => textWidth(fy(t), fontSize)));
  marks.push({
    type: 'text',
    cls: 'axis-label y',
    x: f.x - widest - fontSize * 1.4,
    y: f.y + f.h / 2,
    text: y.label,
    size: fontSize,
    anchor: 'middle',
    rotate: -90,
  });
  return marks;
}
