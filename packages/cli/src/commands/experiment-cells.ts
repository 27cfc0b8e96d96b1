import { bestBackend, useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import type { DataSpec } from '../data-spec';
import { UsageError } from '../errors';
import { loadRunData, type RunData } from '../load-data';
import type { CliBackend } from '../train-options';
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

/** Trains and scores one cell on `data`. */
export async function runCell(
  cell: ExperimentCell,
  data: RunData,
  ctx: CellContext,
  signal?: AbortSignal,
): Promise<MethodRun> {
  const train = trainFor(data.train, cell.labels, cell.seed);
  const r = await runMethod(cell.method, train, data.test, {
    epochs: cell.epochs,
    cnnEpochs: cell.cnnEpochs,
    batchSize: ctx.batchSize,
    seed: cell.seed,
    ...(signal ? { signal } : {}),
  });
  return {
    method: cell.method,
    labels: cell.labels,
    labeledCount: train.labeledCount,
    seed: cell.seed,
    ...r,
  };
}
