import type { EvaluateResult } from './evaluate';
import type { EpochLog, Terms } from './events';
import type { Term } from './loss-terms';
import type { TrainMetric } from './metrics';
import type { Objective } from './objective';
import type { StepStats, StepSums } from './step';

/** Running sums of the epoch in progress; stored in mid-epoch checkpoints so a resumed epoch logs the same means. */
// `terms` and `metrics` hold sums of value * count, `counts` and `metricCounts` the sums of counts.
export interface EpochSums extends StepSums {
  images: number;
  seconds: number;
}

/** Sums of an epoch not yet started. */
export const emptySums = (): EpochSums => ({
  images: 0,
  terms: [],
  counts: [],
  metrics: [],
  metricCounts: [],
  correct: 0,
  labeled: 0,
  weight: 0,
  mse: 0,
  psnr: 0,
  seconds: 0,
});

function accumulate(sums: number[], counts: number[], values: readonly number[], n: readonly number[]): void {
  values.forEach((v, i) => {
    sums[i] = (sums[i] ?? 0) + v * n[i]!;
    counts[i] = (counts[i] ?? 0) + n[i]!;
  });
}

/** Adds one step of `n` images to the sums. */
export function addStep(s: EpochSums, stats: StepStats, n: number): void {
  s.images += n;
  accumulate(s.terms, s.counts, stats.terms, stats.counts);
  accumulate(s.metrics, s.metricCounts, stats.metrics, stats.metricCounts);
  s.correct += stats.correct;
  s.labeled += stats.labeled;
  s.weight += stats.weight;
  s.mse += stats.mse;
  s.psnr += stats.psnr;
}

/** A step's terms by name, as events report them. */
export function termsOf(objective: Objective, values: readonly number[]): Terms {
  return Object.fromEntries(objective.terms.map((t, i) => [t.name, values[i]!]));
}

const means = (terms: readonly Term[], sums: readonly number[], counts: readonly number[]) =>
  Object.fromEntries(terms.map((t, i) => [t.name, (counts[i] ?? 0) > 0 ? sums[i]! / counts[i]! : 0]));

/** Throws when no term of the epoch counted a single image (e.g. a classification loss on unlabeled batches). */
export function checkCounted(s: EpochSums, epoch: number, phase: string): void {
  if (s.counts.length > 0 && s.counts.every((c) => c === 0)) {
    throw new Error(
      `fit: epoch ${epoch} of phase '${phase}' had no labeled images; the classification loss needs batches with y (and labeledMask 1)`,
    );
  }
}

/** The epoch's record from its sums: each term and metric averaged over the images it counts. */
export function epochLog(a: {
  phase: string;
  epoch: number;
  sums: EpochSums;
  objective: Objective;
  metrics: ReadonlySet<TrainMetric>;
  metricTerms: readonly Term[];
  val: EvaluateResult | undefined;
  learningRate: number;
  seconds: number;
}): EpochLog {
  const s = a.sums;
  const terms = means(a.objective.terms, s.terms, s.counts);
  const metrics: Record<string, number> = {};
  if (a.metrics.has('accuracy') && a.objective.classOutput !== undefined && s.labeled > 0) {
    metrics.accuracy = s.correct / s.labeled;
  }
  if (a.objective.outputs.includes('reconstruction')) {
    // Means weighted by sampleWeight; an epoch whose images all weigh 0 reports none.
    if (a.metrics.has('mse') && s.weight > 0) metrics.mse = s.mse / s.weight;
    if (a.metrics.has('psnr') && s.weight > 0) metrics.psnr = s.psnr / s.weight;
  }
  Object.assign(metrics, means(a.metricTerms, s.metrics, s.metricCounts));
  return {
    phase: a.phase,
    epoch: a.epoch,
    // The epoch loss is the sum of the epoch's terms, each averaged over the images it counts.
    loss: Object.values(terms).reduce((acc, v) => acc + v, 0),
    terms,
    metrics,
    ...(a.val ? { val: a.val } : {}),
    learningRate: a.learningRate,
    seconds: a.seconds,
    imagesPerSecond: s.images / Math.max(a.seconds, 1e-9),
  };
}
