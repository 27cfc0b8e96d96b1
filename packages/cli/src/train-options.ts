import { DEFAULT_LEARNING_RATE } from '@aecnn/train';
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
  'unet',
  'vae',
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
  /** Corrupt the inputs and reconstruct the clean images (gaussian σ 0.3 unless `noise` says otherwise). */
  readonly denoise: boolean;
  /** The corruption as `--noise` gives it (`gaussian:0.5`, `saltPepper:0.1`, `mask:0.25`); implies denoising. */
  readonly noise?: string;
  /** Passes over the training images. */
  readonly epochs: number;
  /** Images per step. */
  readonly batchSize: number;
  /** Adam learning rate (fit's `learningRate`; checked by @aecnn/train's `checkLearningRate`). */
  readonly lr: number;
  /** Latent size of the autoencoder, fusion and VAE models; the model's default when absent. */
  readonly latent?: number;
  /** Weight of the VAE's KL term (default 1). */
  readonly beta?: number;
  /** Compute backend; the best available one when absent. */
  readonly backend?: CliBackend;
  /** Seed of weights, shuffling, label selection and corruption. */
  readonly seed: number;
  /** Run folder; `runs/<model>-<time>` when absent. */
  readonly out?: string;
  /** Use at most this many training images (quick runs, tests, CI). */
  readonly limit?: number;
  /** Number of classes (labels in [0, classes)); default: inferred, labels 0..K-1 with every class present. */
  readonly classes?: number;
  /** Image folders: read in gray (1) or colour (3); default: the images' own colour. */
  readonly channels?: 1 | 3;
  /** Image folders: resize every image on load to `HxW`, e.g. `32x32`. */
  readonly size?: string;
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
  lr: DEFAULT_LEARNING_RATE,
  seed: 1,
  json: false,
} as const satisfies Partial<TrainOptions>;

const CLASSIFIERS: ReadonlySet<ModelName> = new Set(['fusion', 'cnn', 'article-fusion', 'article-cnn']);
const LATENT_SIZED: ReadonlySet<ModelName> = new Set(['fusion', 'autoencoder', 'vae']);

/** Whether a model has a decoder (reconstruction head). */
export function hasDecoder(model: ModelName): boolean {
  return !model.endsWith('cnn');
}

/** Whether a model has a classifier head. */
export function hasClassifier(model: ModelName): boolean {
  return CLASSIFIERS.has(model);
}

/** The noise used for a U-Net when `--noise` is not given: it learns nothing from clean inputs (its skips copy them). */
export const UNET_NOISE = 'gaussian:0.3';

/** Whether and how a run corrupts its inputs: `--noise` and `--denoise` as given; a U-Net always denoises. */
export function denoising(o: Pick<TrainOptions, 'model' | 'denoise' | 'noise'>): {
  denoise: boolean;
  noise?: string;
} {
  const noise = o.noise ?? (o.model === 'unet' ? UNET_NOISE : undefined);
  return { denoise: o.denoise || noise !== undefined, ...(noise !== undefined ? { noise } : {}) };
}

// NOTE: the parser checks before calling the train command (usage errors before any work) and the command checks
// for callers that build TrainOptions directly; an options object that passed once is not checked again.
const checked = new WeakSet<TrainOptions>();

/** Checks the options that depend on each other, once per options object; single values were checked while parsing. */
export function checkTrainOptions(o: TrainOptions): void {
  if (checked.has(o)) return;
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
  const flag = o.noise !== undefined ? `--noise ${o.noise}` : '--denoise';
  if (o.strategy === 'pretrain' && (o.denoise || o.noise !== undefined)) {
    throw new UsageError(`${flag} works with --strategy joint only; drop one of them.`);
  }
  if ((o.denoise || o.noise !== undefined) && !hasDecoder(o.model)) {
    throw new UsageError(
      `${flag} needs a model that reconstructs images (autoencoder, fusion, unet, vae and the article- variants), got --model ${o.model}.`,
    );
  }
  if (o.latent !== undefined && !LATENT_SIZED.has(o.model)) {
    throw new UsageError(
      `--latent applies to the autoencoder, fusion and vae models only (the article's models keep their sizes; a U-Net's bottleneck is a feature map), got --model ${o.model}.`,
    );
  }
  if (o.beta !== undefined && o.model !== 'vae') {
    throw new UsageError(
      `--beta weights the KL term of a VAE; it needs --model vae, got --model ${o.model}.`,
    );
  }
  for (const [flag, v] of [
    ['--channels', o.channels],
    ['--size', o.size],
  ] as const) {
    if (v !== undefined && o.data.kind !== 'images') {
      throw new UsageError(
        `${flag} applies to --data images:DIR (a folder of PNG / JPEG images), got --data ${o.data.kind}.`,
      );
    }
  }
  if (o.testData?.kind === 'mnist' && o.data.kind !== 'mnist') {
    throw new UsageError(
      `--test-data mnist is the held-out split of the embedded digits; it only makes sense with --data mnist.`,
    );
  }
  checked.add(o);
}
