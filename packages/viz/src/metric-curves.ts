// A run's metric history as charts: rows or columns normalised, each metric paired with its validation twin.
import { curves, type Series } from './curves.js';
import type { Scene } from './scene.js';

/** Per-epoch (or per-step) metrics: columns `{ loss: [...], val_loss: [...] }` or rows `[{ epoch: 1, loss: 0.3 }, ...]`. */
export type MetricHistory =
  | Readonly<Record<string, readonly number[]>>
  | readonly Readonly<Record<string, number>>[];

/** Normalises rows or columns of metrics into columns, checking that every column has one value per entry. */
export function metricColumns(h: MetricHistory, where: string): Record<string, number[]> {
  if (Array.isArray(h)) {
    const rows = h as readonly Readonly<Record<string, number>>[];
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(
      keys.map((k) => [k, rows.map((r) => (typeof r[k] === 'number' ? r[k]! : Number.NaN))]),
    );
  }
  const cols = Object.entries(h as Readonly<Record<string, readonly number[]>>);
  const n = cols[0]?.[1].length ?? 0;
  for (const [k, v] of cols) {
    if (!Array.isArray(v))
      throw new Error(`${where}: metric '${k}' must be an array of numbers, got ${typeof v}`);
    if (v.length !== n)
      throw new Error(`${where}: metric '${k}' has ${v.length} entries but '${cols[0]![0]}' has ${n}`);
  }
  return Object.fromEntries(cols.map(([k, v]) => [k, [...v]]));
}

/** Groups metrics so each chart pairs a metric with its validation twin (loss with val_loss, acc with val_acc). */
function metricFamilies(names: readonly string[]): Map<string, string[]> {
  const fam = new Map<string, string[]>();
  for (const name of names) {
    const key = name
      .replace(/^(val|valid|validation|test|train)[_-]?/i, '')
      .replace(/^(.)/, (c) => c.toLowerCase());
    fam.set(key, [...(fam.get(key) ?? []), name]);
  }
  return fam;
}

/** One line chart per metric family over `xKey` (a log y axis for losses that fall over decades). */
export function curveScenes(cols: Record<string, number[]>, xKey: string, xLabel: string): Scene[] {
  const x = cols[xKey];
  const names = Object.keys(cols).filter((k) => k !== xKey);
  const scenes: Scene[] = [];
  for (const [fam, members] of metricFamilies(names)) {
    const values = members.flatMap((m) => cols[m]!).filter((v) => Number.isFinite(v) && v > 0);
    // Losses that fall over decades read better on a log axis.
    const logY =
      /loss|mse|mae|error/i.test(fam) &&
      values.length === members.reduce((s, m) => s + cols[m]!.filter(Number.isFinite).length, 0) &&
      Math.max(...values) / Math.min(...values) > 30;
    const series: Series[] = members.map((m) => ({ name: m, values: cols[m]!, ...(x ? { x } : {}) }));
    scenes.push(
      curves({
        series,
        title: fam,
        xLabel,
        yLabel: logY ? `${fam} (log)` : fam,
        logY,
        width: 520,
        height: 300,
      }),
    );
  }
  return scenes;
}
