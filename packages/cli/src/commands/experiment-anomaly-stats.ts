import type { AnomalyRun } from './experiment-anomaly-cells';
import { type Spread, spread } from './experiment-stats';

/** ROC AUC of one normal digit over its seeds (Spread of the AUCs), with its mean average precision. */
export interface DigitStats extends Spread {
  readonly digit: number;
  readonly trainImages: number;
  readonly aucs: readonly number[];
  readonly averagePrecision: number;
}

/** The anomaly experiment's summary: per digit, and the mean over digits. */
export interface AnomalySummary {
  readonly digits: readonly DigitStats[];
  /**
   * Mean ROC AUC over the digits, its std over seeds (of each seed's mean over every digit; 0 for one seed), and the
   * mean average precision; absent until a seed has finished every digit.
   */
  readonly mean?: { readonly rocAuc: number; readonly std: number; readonly averagePrecision: number };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** Groups runs by digit (in the order the digits first appear) and averages over the digits. */
export function summarizeAnomaly(runs: readonly AnomalyRun[], digits: readonly number[]): AnomalySummary {
  const stats: DigitStats[] = [];
  for (const digit of digits) {
    const group = runs.filter((r) => r.digit === digit);
    if (group.length === 0) continue;
    const aucs = group.map((r) => r.rocAuc);
    stats.push({
      digit,
      trainImages: group[0]!.trainImages,
      ...spread(aucs),
      aucs,
      averagePrecision: mean(group.map((r) => r.averagePrecision)),
    });
  }
  const seeds = [...new Set(runs.map((r) => r.seed))];
  const complete = seeds.filter((s) => digits.every((d) => runs.some((r) => r.seed === s && r.digit === d)));
  if (complete.length === 0) return { digits: stats };
  const done = runs.filter((r) => complete.includes(r.seed));
  const perSeed = complete.map((s) => mean(done.filter((r) => r.seed === s).map((r) => r.rocAuc)));
  return {
    digits: stats,
    mean: {
      rocAuc: mean(perSeed),
      std: spread(perSeed).std,
      averagePrecision: mean(done.map((r) => r.averagePrecision)),
    },
  };
}

/** The results as a Markdown table: ROC AUC (mean ± std over seeds) and average precision per normal digit, then the mean. */
export function anomalyTable(summary: AnomalySummary): string {
  const lines = [
    '| normal digit | training images | ROC AUC | average precision |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const s of summary.digits) {
    lines.push(
      `| ${s.digit} | ${s.trainImages} | ${s.mean.toFixed(3)} ± ${s.std.toFixed(3)} (n=${s.n}) | ${s.averagePrecision.toFixed(3)} |`,
    );
  }
  const m = summary.mean;
  lines.push(
    m
      ? `| **mean** | | **${m.rocAuc.toFixed(3)}** ± ${m.std.toFixed(3)} | ${m.averagePrecision.toFixed(3)} |`
      : '| **mean** | | – | – |',
  );
  return `${lines.join('\n')}\n`;
}
