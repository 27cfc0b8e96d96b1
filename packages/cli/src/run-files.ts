import type { EpochLog } from '@aecnn/train';
import { formatDataSpec } from './data-spec';
import type { TestResultWithConfusion, TrainSummary } from './summary';
import { denoising, type TrainOptions } from './train-options';

/** The TrainOptions that run.json records, in the order it lists them (data specs as text, see runSettingsOf). */
const RUN_KEYS = [
  'model',
  'data',
  'testData',
  'labels',
  'strategy',
  'denoise',
  'noise',
  'epochs',
  'batchSize',
  'lr',
  'latent',
  'beta',
  'seed',
  'limit',
  'classes',
  'channels',
  'size',
] as const satisfies readonly (keyof TrainOptions)[];

/** The TrainOptions that run.json records as they are (data specs are stored as text). */
type RecordedOptions = Exclude<(typeof RUN_KEYS)[number], 'data' | 'testData'>;

/**
 * run.json: the settings of a run, written before training so that --resume can rebuild everything. Older runs may
 * lack `noise` (a plain `denoise` then means gaussian σ 0.3) and `backend`.
 */
export type RunSettings = Pick<TrainOptions, RecordedOptions> & {
  /** Format version of the run folder. */
  readonly version: 1;
  /** Data specs as text (`mnist`, `idx:DIR`, ...). */
  readonly data: string;
  readonly testData?: string;
  /** The backend the run trains on (`--resume` keeps it, so the resumed run stays bit-identical); absent in older runs. */
  readonly backend?: string;
  /** When the run was started (ISO). */
  readonly createdAt: string;
};

/**
 * The run.json of a new run (without the backend, which is known once it started): the options as given, data specs
 * as text, and the corruption a run uses (`denoising`). Absent options stay absent, so older runs read the same.
 */
export function runSettingsOf(options: TrainOptions, createdAt: string): RunSettings {
  const values: Record<string, unknown> = {
    ...options,
    data: formatDataSpec(options.data),
    testData: options.testData && formatDataSpec(options.testData),
    ...denoising(options),
  };
  const settings: Record<string, unknown> = { version: 1 };
  for (const key of RUN_KEYS) if (values[key] !== undefined) settings[key] = values[key];
  return { ...settings, createdAt } as RunSettings;
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
