import { bestBackend, useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import type { DataSpec } from '../data-spec';
import { UsageError } from '../errors';
import { loadRunData, type RunData } from '../load-data';
import type { CliBackend } from '../train-options';
import { type AnomalyCell, type AnomalyRun, anomalyCellCost, runAnomaly } from './experiment-anomaly-cells';
import { runMethod } from './experiment-methods';
import type { LabelCount } from './experiment-options';
import type { MethodRun, SemiMethod } from './experiment-stats';

/** One training of the semi experiment: a method at a label count and seed; `index` orders the results. */
export interface ExperimentCell {
  readonly index: number;
  readonly labels: LabelCount;
  readonly seed: number;
  readonly method: SemiMethod;
  /** Epochs of the fusion and pretrain methods in this row. */
  readonly epochs: number;
  readonly cnnEpochs: number;
}

/** A cell of any experiment: the worker threads and the pool run both kinds. */
export type PoolCell = ExperimentCell | AnomalyCell;
/** What a cell gives. */
export type CellRun = MethodRun | AnomalyRun;
/** What a cell of type C gives. */
export type RunOf<C extends PoolCell> = C extends AnomalyCell ? AnomalyRun : MethodRun;

/** True for a cell of the anomaly experiment. */
export function isAnomalyCell(cell: PoolCell): cell is AnomalyCell {
  return (cell as AnomalyCell).experiment === 'anomaly';
}

/** The cell in the log: `30 labels, seed 1, cnn` or `digit 3, seed 1`. */
export function describeCell(cell: PoolCell): string {
  return isAnomalyCell(cell)
    ? `digit ${cell.digit}, seed ${cell.seed}`
    : `${cell.labels} labels, seed ${cell.seed}, ${cell.method}`;
}

/** What every cell of one experiment shares; plain data, so it can be sent to a worker thread. */
export interface CellContext {
  readonly backend?: CliBackend;
  readonly testData?: DataSpec;
  readonly limit?: number;
  readonly batchSize: number;
}

/** Picks the backend of `ctx` (the fastest available when absent) and returns its name. */
export async function experimentBackend(ctx: CellContext): Promise<string> {
  return (ctx.backend ? await useBackend(ctx.backend) : await bestBackend()).name;
}

/** The embedded digits (limited as asked) and the images the cells are scored on. */
export function experimentData(ctx: CellContext, note?: (line: string) => void): Promise<RunData> {
  return loadRunData({
    data: { kind: 'mnist' },
    ...(ctx.testData ? { testData: ctx.testData } : {}),
    ...(ctx.limit !== undefined ? { limit: ctx.limit } : {}),
    seed: 0,
    ...(note ? { note } : {}),
  });
}

/** The training set of a cell: every label, or `labels` of them chosen by `seed`. */
export function trainFor(train: Dataset, labels: LabelCount, seed: number): Dataset {
  if (labels === 'all') return train;
  if (labels > train.size) {
    throw new UsageError(`--labels ${labels}: only ${train.size} training images are available`);
  }
  return labels === train.size ? train : train.labeledUnlabeled({ labels, seed });
}

// NOTE: seconds an epoch measured on this 2-core machine (wasm, 8,000 digits, docs/RESULTS.md): fusion 4.75 (the
// default model) and 20 (three stages, all labels), pretrain 1.65 and 10, the CNN 12.5 whatever the labels.
const SECONDS_PER_EPOCH = {
  fusion: { few: 4.75, all: 20 },
  pretrain: { few: 1.65, all: 10 },
  cnn: { few: 12.5, all: 12.5 },
} as const satisfies Record<SemiMethod, { few: number; all: number }>;

/** A rough cost of a cell (seconds on one core), so that parallel jobs can start the longest trainings first. */
export function cellCost(cell: PoolCell): number {
  if (isAnomalyCell(cell)) return anomalyCellCost(cell);
  const perEpoch = SECONDS_PER_EPOCH[cell.method][cell.labels === 'all' ? 'all' : 'few'];
  return perEpoch * (cell.method === 'cnn' ? cell.cnnEpochs : cell.epochs);
}

/** A finished epoch of a cell's training, for the log. */
export interface CellProgress {
  readonly epoch: number;
  readonly epochs: number;
}

/** True at each quarter of a training except its end (which the cell's result line reports): the epochs worth a log line. */
export function progressDue({ epoch, epochs }: CellProgress): boolean {
  return epoch < epochs && epoch % Math.ceil(epochs / 4) === 0;
}

/** Trains and scores one cell on `data`; `onEpoch` hears of every finished epoch. */
export async function runCell(
  cell: PoolCell,
  data: RunData,
  ctx: CellContext,
  signal?: AbortSignal,
  onEpoch?: (progress: CellProgress) => void,
): Promise<CellRun> {
  const run = {
    epochs: cell.epochs,
    batchSize: ctx.batchSize,
    seed: cell.seed,
    ...(signal ? { signal } : {}),
    ...(onEpoch ? { onEpoch: (epoch: number, epochs: number) => onEpoch({ epoch, epochs }) } : {}),
  };
  if (isAnomalyCell(cell)) return runAnomaly(cell.method, data.train, data.test, cell.digit, run);
  const train = trainFor(data.train, cell.labels, cell.seed);
  const r = await runMethod(cell.method, train, data.test, { ...run, cnnEpochs: cell.cnnEpochs });
  return {
    method: cell.method,
    labels: cell.labels,
    labeledCount: train.labeledCount,
    seed: cell.seed,
    ...r,
  };
}
