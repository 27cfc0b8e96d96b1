import type { EpochLog } from '@aecnn/train';
import type { TestResultWithConfusion, TrainSummary } from './summary';
import type { ModelName, Strategy } from './train-options';

/** run.json: the settings of a run, written before training so that --resume can rebuild everything. */
export interface RunSettings {
  /** Format version of the run folder. */
  readonly version: 1;
  readonly model: ModelName;
  /** Data specs as text (`mnist`, `idx:DIR`, ...). */
  readonly data: string;
  readonly testData?: string;
  readonly labels?: number;
  readonly strategy: Strategy;
  readonly denoise: boolean;
  /** The corruption when denoising (`gaussian:0.3`); absent in older runs: gaussian σ 0.3. */
  readonly noise?: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly latent?: number;
  /** The VAE's KL weight. */
  readonly beta?: number;
  readonly seed: number;
  readonly limit?: number;
  /** Class count given with --classes (labels in [0, classes)); absent: inferred from the labels. */
  readonly classes?: number;
  /** Image folders: the channels (1 or 3) and the `HxW` size given on the command line. */
  readonly channels?: 1 | 3;
  readonly size?: string;
  /** The backend the run trains on (`--resume` keeps it, so the resumed run stays bit-identical); absent in older runs. */
  readonly backend?: string;
  /** When the run was started (ISO). */
  readonly createdAt: string;
}

/** One epoch in metrics.json: the trainer's log flattened to numbers. */
export interface EpochRecord {
  readonly epoch: number;
  readonly phase: string;
  readonly [metric: string]: number | string;
}

/** metrics.json: the summary, the per-epoch history and the full test results. */
export interface MetricsFile {
  readonly summary: TrainSummary;
  readonly history: EpochRecord[];
  readonly test: TestResultWithConfusion;
  readonly classNames?: readonly string[];
}

/** The validation results that are one number each, written as `val_<snake_case>` columns. */
const VAL_NUMBERS = ['loss', 'accuracy', 'mse', 'psnr', 'negativeElbo', 'reconstructionNll', 'kl'] as const;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Flattens a trainer epoch log into one row: loss, terms, metrics, val_* (epochs count from 1). */
export function epochRecord(log: EpochLog): EpochRecord {
  const row: Record<string, number | string> = { epoch: log.epoch + 1, phase: log.phase, loss: log.loss };
  for (const [k, v] of Object.entries(log.terms)) if (v !== undefined) row[`${k}_loss`] = v;
  for (const [k, v] of Object.entries(log.metrics)) row[k] = v;
  if (log.val) {
    for (const key of VAL_NUMBERS) {
      const v = log.val[key];
      if (v !== undefined) row[`val_${snake(key)}`] = v;
    }
    for (const [k, v] of Object.entries(log.val.terms ?? {})) row[`val_${k}_loss`] = v;
    for (const [k, v] of Object.entries(log.val.metrics ?? {})) row[`val_${k}`] = v;
  }
  row.learning_rate = log.learningRate;
  row.images_per_second = log.imagesPerSecond;
  row.seconds = log.seconds;
  return row as EpochRecord;
}
