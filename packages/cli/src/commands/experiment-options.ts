import { InvalidArgumentError } from 'commander';
import { type DataSpec, formatDataSpec } from '../data-spec';
import type { CliBackend } from '../train-options';
import type { AnomalyMethod } from './experiment-anomaly-cells';

/** The experiments `aecnn experiment` knows. */
export const EXPERIMENT_KINDS = ['semi', 'anomaly'] as const;
/** One of EXPERIMENT_KINDS. */
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

/** A label count of the semi experiment: a number of labeled images, or every training label. */
export type LabelCount = number | 'all';

/** What every experiment takes; the command line fills it, tests build it directly. */
export interface CommonExperimentOptions {
  /** Seeds 1..seeds per row (data choice, weights, order, noise). */
  readonly seeds: number;
  /** Epochs of the trainings (see each experiment for its default). */
  readonly epochs?: number;
  /** Images per step. */
  readonly batchSize: number;
  /** Evaluate on these images instead of the held-out split of the embedded digits. */
  readonly testData?: DataSpec;
  /** Train on at most this many images (quick runs and tests). */
  readonly limit?: number;
  /** Compute backend; the best available one when absent. */
  readonly backend?: CliBackend;
  /** Trainings at once, each in its own worker thread; default: the available cores. Results do not depend on it. */
  readonly jobs?: number;
  /** Output folder; `runs/experiment-<kind>-<time>` when absent. */
  readonly out?: string;
  /** Print only the JSON results on stdout. */
  readonly json: boolean;
}

/** Everything `aecnn experiment semi` needs. */
export interface SemiExperimentOptions extends CommonExperimentOptions {
  readonly kind: 'semi';
  /** Label counts to compare, e.g. [100, 1000, 'all']. */
  readonly labels: readonly LabelCount[];
  /** Epochs of the fusion and pretrain methods (half autoencoder, half classifier) in every row; default 20, 40 with all labels. */
  readonly epochs?: number;
  /** Epochs of the CNN baseline; default ceil(epochs / 5) (it is ~4x slower an image and saturates on few labels). */
  readonly cnnEpochs?: number;
}

/** Everything `aecnn experiment anomaly` needs. */
export interface AnomalyExperimentOptions extends CommonExperimentOptions {
  readonly kind: 'anomaly';
  /** The digits (classes) to take in turn as the normal class; default every class of the data. */
  readonly digits?: readonly number[];
  /** The detector: the conv autoencoder scored by MSE (default) or the VAE scored by negative ELBO. */
  readonly method?: AnomalyMethod;
}

/** The options of one experiment. */
export type ExperimentOptions = SemiExperimentOptions | AnomalyExperimentOptions;

/** Defaults of `aecnn experiment semi` (about 40 min on 2 cores); `fullLabelEpochs` are the epochs of the all-labels row. */
export const EXPERIMENT_DEFAULTS = {
  kind: 'semi',
  labels: [100, 1000, 'all'],
  seeds: 3,
  epochs: 20,
  fullLabelEpochs: 40,
  batchSize: 64,
  json: false,
} as const satisfies Partial<SemiExperimentOptions> & { fullLabelEpochs: number };

/** Epochs of one row: `--epochs` (and `--cnn-epochs`) when given, else the defaults for few or all labels. */
export function rowEpochs(
  o: Pick<SemiExperimentOptions, 'epochs' | 'cnnEpochs'>,
  labels: LabelCount,
): { epochs: number; cnnEpochs: number } {
  // NOTE: with all labels the larger three-stage fusion model gains from a longer run: on a fresh validation split
  // (6,000 / 2,000 of the training digits, seed 1) 98.9% after 20 epochs and 99.1% after 40 (docs/RESULTS.md).
  const epochs =
    o.epochs ?? (labels === 'all' ? EXPERIMENT_DEFAULTS.fullLabelEpochs : EXPERIMENT_DEFAULTS.epochs);
  return { epochs, cnnEpochs: o.cnnEpochs ?? Math.ceil(epochs / 5) };
}

/** The options every experiment's command line repeats when they differ from the defaults. */
export function commonFlags(o: ExperimentOptions): string[] {
  return [
    ...(o.batchSize !== 64 ? [`--batch-size ${o.batchSize}`] : []),
    ...(o.testData ? [`--test-data ${formatDataSpec(o.testData)}`] : []),
    ...(o.limit !== undefined ? [`--limit ${o.limit}`] : []),
    ...(o.backend ? [`--backend ${o.backend}`] : []),
  ];
}

/** Parses `100,1000,all` into label counts (whole numbers >= 1 or `all`, no repeats). */
export function parseLabelCounts(text: string): LabelCount[] {
  const parts = text.split(',').map((p) => p.trim());
  const out: LabelCount[] = [];
  for (const p of parts) {
    const n = Number(p);
    const v: LabelCount | undefined =
      p === 'all' ? 'all' : p !== '' && Number.isInteger(n) && n >= 1 ? n : undefined;
    if (v === undefined) {
      throw new InvalidArgumentError(
        `expected comma-separated label counts (whole numbers >= 1 or 'all'), such as 100,1000,all; got '${p}' in '${text}'.`,
      );
    }
    if (out.includes(v)) throw new InvalidArgumentError(`label count '${p}' is repeated in '${text}'.`);
    out.push(v);
  }
  return out;
}

/** Parses `0,3,7` into distinct class indices (whole numbers >= 0). */
export function parseDigits(text: string): number[] {
  const out: number[] = [];
  for (const p of text.split(',').map((q) => q.trim())) {
    const n = Number(p);
    if (p === '' || !Number.isInteger(n) || n < 0) {
      throw new InvalidArgumentError(
        `expected comma-separated digits (whole numbers >= 0), such as 0,3,7; got '${p}' in '${text}'.`,
      );
    }
    if (out.includes(n)) throw new InvalidArgumentError(`digit '${p}' is repeated in '${text}'.`);
    out.push(n);
  }
  return out;
}
