import { curves, type Scene } from '@aecnn/viz';
import { METHOD_TITLES, type MethodStats, SEMI_METHODS } from './experiment-stats';

/** Test accuracy (%) against log10 of the labeled images, one line per method through the seed means. */
export function accuracyPlot(stats: readonly MethodStats[]): Scene {
  const series = SEMI_METHODS.flatMap((method) => {
    const rows = stats.filter((s) => s.method === method).sort((a, b) => a.labeledCount - b.labeledCount);
    if (rows.length === 0) return [];
    const x = rows.map((r) => Math.log10(r.labeledCount));
    return [{ name: `${METHOD_TITLES[method]} (mean)`, x, values: rows.map((r) => 100 * r.mean) }];
  });
  return curves({
    series,
    title: 'test accuracy vs labeled images (mean over seeds)',
    xLabel: 'log10(labeled images)',
    yLabel: 'test accuracy (%)',
    width: 760,
    height: 400,
  });
}
