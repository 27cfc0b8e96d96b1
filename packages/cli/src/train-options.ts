import type { DataSpec } from './data-spec';
import { UsageError } from './errors';

/** The models `aecnn train --model` accepts. */
export const MODEL_NAMES = [
  'fusion',
  'autoencoder',
  'cnn',
  'article-fusion',
  'article-autoencoder',
  'article-cnn',
] as const;
/** One of MODEL_NAMES. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** How a fusion model is trained: both heads at once, or the autoencoder first and then the classifier. */
export const STRATEGIES = ['joint', 'pretrain'] as const;
/** One of STRATEGIES. */
export type Strategy = (typeof STRATEGIES)[number];

/** Backends `--backend` accepts (webgl and webgpu only exist in a browser; Node reports that clearly). */
export const BACKEND_NAMES = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;
/** One of BACKEND_NAMES. */
export type CliBackend = (typeof BACKEND_NAMES)[number];

/** Everything `aecnn train` needs; the command line fills it, tests build it directly. */
export interface TrainOptions {
  /** Which model to build. */
  readonly model: ModelName;
  /** Training data (and its held-out split when the source has one). */
  readonly data: DataSpec;
  /** Evaluate on this data instead of the held-out split of `data`. */
  readonly testData?: DataSpec;
  /** Semi-supervised: keep only this many labels, balanced across classes. */
  readonly labels?: number;
  /** Fusion training strategy. */
  readonly strategy: Strategy;
  /** Corrupt the inputs and reconstruct the clean images. */
  readonly denoise: boolean;
  /** Passes over the training images. */
  readonly epochs: number;
  /** Images per step. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** Latent size of the autoencoder and fusion models; the model's default when absent. */
  readonly latent?: number;
  /** Compute backend; the best available one when absent. */
  readonly backend?: CliBackend;
  /** Seed of weights, shuffling, label selection and corruption. */
  readonly seed: number;
  /** Run folder; `runs/<model>-<time>` when absent. */
  readonly out?: string;
  /** Use at most this many training images (quick runs, tests, CI). */
  readonly limit?: number;
  /** Print only the JSON summary on stdout. */
  readonly json: boolean;
}

/** Defaults of `aecnn train`, sized so the default run ends in under three minutes on two cores. */
export const TRAIN_DEFAULTS = {
  model: 'fusion',
  strategy: 'joint',
  denoise: false,
  epochs: 5,
  batchSize: 64,
  lr: 1e-3,
  seed: 1,
  json: false,
} as const satisfies Partial<TrainOptions>;

/** Whether a model has a decoder (reconstruction head). */
export function hasDecoder(model: ModelName): boolean {
  return !model.endsWith('cnn');
}

/** Whether a model has a classifier head. */
export function hasClassifier(model: ModelName): boolean {
  return !model.endsWith('autoencoder');
}

/** Checks the options that depend on each other; single values were checked while parsing. */
export function checkTrainOptions(o: TrainOptions): void {
  if (o.labels !== undefined && !hasClassifier(o.model)) {
    throw new UsageError(
      `--labels ${o.labels}: the ${o.model} model has no classifier, so labels are not used; use --model fusion or cnn, or drop --labels.`,
    );
  }
  if (o.strategy === 'pretrain' && !(hasDecoder(o.model) && hasClassifier(o.model))) {
    throw new UsageError(
      `--strategy pretrain needs a model with both a decoder and a classifier (fusion, article-fusion), got --model ${o.model}.`,
    );
  }
  if (o.strategy === 'pretrain' && o.epochs < 2) {
    throw new UsageError(
      `--strategy pretrain needs --epochs 2 or more (the first half pretrains the autoencoder, the rest the classifier), got --epochs ${o.epochs}.`,
    );
  }
  if (o.strategy === 'pretrain' && o.denoise) {
    throw new UsageError('--denoise works with --strategy joint only; drop one of them.');
  }
  if (o.denoise && !hasDecoder(o.model)) {
    throw new UsageError(
      `--denoise needs a model that reconstructs images (autoencoder, fusion and their article- variants), got --model ${o.model}.`,
    );
  }
  if (o.latent !== undefined && (o.model.startsWith('article-') || !hasDecoder(o.model))) {
    throw new UsageError(
      `--latent applies to the autoencoder and fusion models only (the article's models keep their sizes), got --model ${o.model}.`,
    );
  }
  if (o.testData?.kind === 'mnist' && o.data.kind !== 'mnist') {
    throw new UsageError(
      `--test-data mnist is the held-out split of the embedded digits; it only makes sense with --data mnist.`,
    );
  }
}
