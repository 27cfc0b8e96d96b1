import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, toNumbers } from './array.js';
import { makeAxis } from './axes.js';
import { chartPlot, chartScene, chartSize } from './chart-frame.js';
import { OKABE_ITO } from './palette.js';
import type { Scene } from './scene.js';

/** One ROC curve: its points (as `rocCurve` of @aecnn/train gives them) and a name for the legend. */
export interface RocSeries {
  name: string;
  /** False positive rates in [0, 1], one per point. */
  fpr: ArrayInput | ArrayLike<number>;
  /** True positive rates in [0, 1], one per point. */
  tpr: ArrayInput | ArrayLike<number>;
  /** Area under the curve, shown in the legend as `name (AUC 0.973)`. */
  auc?: number;
  /** Thresholds of the points; accepted so that `{ name, ...rocCurve(scores, isAnomaly) }` can be passed as is. */
  thresholds?: ArrayLike<number>;
  /** '#rrggbb'; default: the next Okabe-Ito colour. */
  color?: string;
}

/** Options of {@link rocChart}. */
export interface RocChartOptions {
  curves: readonly RocSeries[];
  title?: string;
  width?: number;
  height?: number;
  fontSize?: number;
}

const ROC_KEYS = ['curves', 'title', 'width', 'height', 'fontSize'];
const SERIES_KEYS = ['name', 'fpr', 'tpr', 'auc', 'thresholds', 'color'];

/** ROC curves (true positive rate against false positive rate) over the dashed chance diagonal, AUC in the legend. */
export function rocChart(opts: RocChartOptions): Scene {
  const where = 'rocChart';
  checkKeys(opts, ROC_KEYS, where);
  if (!opts.curves?.length) throw new Error(`${where}: expected at least one curve, got none`);
  const data = opts.curves.map((c, i) => {
    checkKeys(c, SERIES_KEYS, `${where}: curves[${i}]`);
    const xs = toNumbers(c.fpr as ArrayInput, `${where}: curve '${c.name}' fpr`);
    const ys = toNumbers(c.tpr as ArrayInput, `${where}: curve '${c.name}' tpr`);
    if (xs.length !== ys.length || xs.length < 2) {
      throw new Error(
        `${where}: curve '${c.name}' needs as many fpr as tpr values, at least 2, got ${xs.length} and ${ys.length}`,
      );
    }
    const bad = [...xs, ...ys].find((v) => !(v >= 0 && v <= 1));
    if (bad !== undefined) throw new Error(`${where}: curve '${c.name}' has a rate ${bad} outside [0, 1]`);
    const label = c.auc !== undefined ? `${c.name} (AUC ${c.auc.toFixed(3)})` : c.name;
    return { label, xs, ys, color: c.color ?? OKABE_ITO[i % OKABE_ITO.length]! };
  });
  const xAxis = makeAxis([0, 1], 'false positive rate');
  const yAxis = makeAxis([0, 1], 'true positive rate');
  const legend = data.map((d) => ({ label: d.label, color: d.color, swatch: 'line' as const }));
  const layout = { ...chartSize(opts, 560, 400), title: opts.title, xAxis, yAxis, legend };
  const plot = chartPlot(where, layout);
  const { marks, sx, sy } = plot;
  marks.push({
    type: 'line',
    cls: 'chance',
    x1: sx(0),
    y1: sy(0),
    x2: sx(1),
    y2: sy(1),
    stroke: '#999999',
    dash: [4, 4],
  });
  for (const d of data) {
    const points = d.xs.flatMap((x, j) => [sx(x), sy(d.ys[j]!)]);
    marks.push({ type: 'polyline', cls: 'series', points, stroke: d.color, strokeWidth: 2 });
  }
  return chartScene(plot, layout, 'ROC');
}
