import type { LabelCount } from './experiment-options';

/** The methods of the semi experiment, in table order. */
export const SEMI_METHODS = ['cnn', 'pretrain', 'fusion'] as const;
/** One of SEMI_METHODS. */
export type SemiMethod = (typeof SEMI_METHODS)[number];

/** What the table calls each method. */
export const METHOD_TITLES: Readonly<Record<SemiMethod, string>> = Object.freeze({
  cnn: 'CNN alone',
  pretrain: 'AE pretrain + classifier',
  fusion: 'fusion (semi-supervised)',
});

/** One trained model: which method, label count and seed, and its test accuracy. */
export interface MethodRun {
  readonly method: SemiMethod;
  readonly labels: LabelCount;
  /** Labeled training images actually used. */
  readonly labeledCount: number;
  readonly seed: number;
  readonly epochs: number;
  /** Test accuracy in 0..1. */
  readonly accuracy: number;
  readonly trainSeconds: number;
}

/** Mean and spread of one method at one label count over its seeds. */
export interface MethodStats {
  readonly method: SemiMethod;
  readonly labels: LabelCount;
  readonly labeledCount: number;
  readonly n: number;
  /** Mean test accuracy, 0..1. */
  readonly mean: number;
  /** Sample standard deviation over seeds (n - 1 in the denominator; 0 for one seed). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly accuracies: readonly number[];
}

/** Mean, sample standard deviation (n - 1; 0 for one value), min and max of some values. */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** The Spread of `values` (at least one). */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std, min: Math.min(...values), max: Math.max(...values) };
}

/** Groups runs by label count and method (in the order the label counts first appear) into mean, std, min, max. */
export function summarizeRuns(runs: readonly MethodRun[]): MethodStats[] {
  const labelOrder: LabelCount[] = [];
  for (const r of runs) if (!labelOrder.includes(r.labels)) labelOrder.push(r.labels);
  const out: MethodStats[] = [];
  for (const labels of labelOrder) {
    for (const method of SEMI_METHODS) {
      const group = runs.filter((r) => r.labels === labels && r.method === method);
      if (group.length === 0) continue;
      const acc = group.map((r) => r.accuracy);
      out.push({ method, labels, labeledCount: group[0]!.labeledCount, ...spread(acc), accuracies: acc });
    }
  }
  return out;
}

const pct = (v: number, digits = 1) => (100 * v).toFixed(digits);

/** The results as a Markdown table: one row per label count, `mean ± std` (%) per method, and fusion − CNN. */
export function markdownTable(stats: readonly MethodStats[]): string {
  const labelOrder: LabelCount[] = [];
  for (const s of stats) if (!labelOrder.includes(s.labels)) labelOrder.push(s.labels);
  const methods = SEMI_METHODS.filter((m) => stats.some((s) => s.method === m));
  const both = methods.includes('fusion') && methods.includes('cnn');
  const header = ['labels', ...methods.map((m) => METHOD_TITLES[m]), ...(both ? ['fusion − CNN'] : [])];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const labels of labelOrder) {
    const row = stats.filter((s) => s.labels === labels);
    const count = row[0]!.labeledCount;
    const cell = (m: string) => {
      const s = row.find((r) => r.method === m);
      return s ? `${pct(s.mean)} ± ${pct(s.std)} (n=${s.n})` : '–';
    };
    const f = row.find((r) => r.method === 'fusion');
    const c = row.find((r) => r.method === 'cnn');
    const diff = both && f && c ? `${f.mean >= c.mean ? '+' : ''}${pct(f.mean - c.mean)}` : '–';
    const name = labels === 'all' ? `all (${count.toLocaleString('en-US')})` : String(count);
    lines.push(`| ${[name, ...methods.map(cell), ...(both ? [diff] : [])].join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
