import type { Dataset } from '@aecnn/data';
import { type AecnnModel, autoencoder, vae } from '@aecnn/models';
import { anomalyScores, fit, precisionRecall, rocAuc } from '@aecnn/train';
import { UsageError } from '../errors';
import { disposeModel } from '../model-files';

/** The detectors of the anomaly experiment: the conv autoencoder scored by MSE, the VAE scored by negative ELBO. */
export const ANOMALY_METHODS = ['ae', 'vae'] as const;
/** One detector of the anomaly experiment. */
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

/** One training of the anomaly experiment: a detector on the training images of `digit`, with `seed`. */
export interface AnomalyCell {
  readonly experiment: 'anomaly';
  readonly index: number;
  readonly method: AnomalyMethod;
  /** The normal class. */
  readonly digit: number;
  readonly seed: number;
  readonly epochs: number;
}

/** What one anomaly training scored on the whole test set (its digit normal, every other digit anomalous). */
export interface AnomalyRun {
  readonly method: AnomalyMethod;
  readonly digit: number;
  readonly seed: number;
  readonly epochs: number;
  /** Training images of the digit. */
  readonly trainImages: number;
  readonly rocAuc: number;
  readonly averagePrecision: number;
  readonly trainSeconds: number;
}

/**
 * The conv autoencoder of the experiment and its training, chosen on a validation split of the training digits
 * (6,000 / 2,000, seed 1; docs/RESULTS.md): mean validation ROC AUC 0.950 for latentDim 32 at Adam 1e-3 after 30
 * epochs (8: 0.943, 16: 0.949), 0.955 at 3e-3 (20 epochs 0.952, 40 epochs 0.953; latentDim 64: 0.952).
 */
export const ANOMALY_MODEL = Object.freeze({ kind: 'conv', filters: [16, 32], latentDim: 32 } as const);
/** Adam's learning rate of the autoencoder trainings. */
export const ANOMALY_LR = 3e-3;

/**
 * The VAE of the experiment (`vae` options of @aecnn/models; Bernoulli likelihood summed over the pixels plus KL,
 * scored by the per-image negative ELBO), chosen on the same validation split (packages/train/bench/
 * anomaly-vae-validation.mjs): mean validation ROC AUC 0.915 for latentDim 16 at Adam 3e-3 after 60 epochs (40:
 * 0.908; 1e-3: 0.900; latentDim 8: 0.913), still below the autoencoder's 0.955.
 */
export const ANOMALY_VAE = Object.freeze({ latentDim: 16, filters: [32, 64] } as const);
/** Adam's learning rate of the VAE trainings. */
export const ANOMALY_VAE_LR = 3e-3;

/** How each method is built, trained and scored. */
const DETECTORS = {
  ae: {
    build: (inputShape: readonly number[], seed: number): AecnnModel =>
      autoencoder({ inputShape, ...ANOMALY_MODEL, seed }).model,
    learningRate: ANOMALY_LR,
    loss: { loss: 'mse' } as const,
    score: 'mse',
  },
  vae: {
    build: (inputShape: readonly number[], seed: number): AecnnModel =>
      vae({ inputShape, ...ANOMALY_VAE, seed }).model,
    learningRate: ANOMALY_VAE_LR,
    // the model's own losses: bceSum on the reconstruction and its added KL term
    loss: {},
    score: 'elbo',
  },
} as const;
/** Epochs of each anomaly training by method unless --epochs says otherwise. */
export const ANOMALY_EPOCHS: Readonly<Record<AnomalyMethod, number>> = Object.freeze({ ae: 30, vae: 60 });

// NOTE: measured on this 2-core machine (wasm): about 0.6 s (AE) and 1.5 s (VAE) an epoch for the ~800 training
// images of one digit.
const SECONDS_PER_EPOCH: Record<AnomalyMethod, number> = { ae: 0.6, vae: 1.5 };

/** A rough cost of an anomaly cell (seconds on one core), so that parallel jobs can start the longest first. */
export function anomalyCellCost(cell: AnomalyCell): number {
  return SECONDS_PER_EPOCH[cell.method] * cell.epochs;
}

/** The training images of `digit`, or a UsageError when there are none. */
export function digitImages(train: Dataset, digit: number): Dataset {
  const labels = train.labels();
  const positions: number[] = [];
  labels.forEach((l, i) => {
    if (l === digit) positions.push(i);
  });
  if (positions.length === 0) {
    const present = train
      .classCounts()
      .flatMap((n, c) => (n > 0 ? [c] : []))
      .join(', ');
    throw new UsageError(
      `--digits ${digit}: the ${train.size} training images have no digit ${digit} to learn as the normal class (digits present: ${present})`,
    );
  }
  return train.subset(positions);
}

/** Settings of one anomaly training. */
export interface AnomalySettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (epoch: number, epochs: number) => void;
}

/**
 * Trains the method's detector on the images of `digit` in `train` (the autoencoder by MSE, the VAE by its ELBO) and
 * scores every image of `test` the same way (its MSE, its negative ELBO).
 */
export async function runAnomaly(
  method: AnomalyMethod,
  train: Dataset,
  test: Dataset,
  digit: number,
  s: AnomalySettings,
): Promise<AnomalyRun> {
  const normal = digitImages(train, digit);
  const detector = DETECTORS[method];
  const model = detector.build(train.imageShape, s.seed);
  try {
    const result = await fit(model, normal, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      learningRate: detector.learningRate,
      ...detector.loss,
      seed: s.seed,
      ...(s.signal ? { signal: s.signal } : {}),
      callbacks: { onEpochEnd: (e) => s.onEpoch?.(e.epoch + 1, s.epochs) },
    });
    if (result.stopReason !== 'completed') throw new Error(`stopped after ${result.epochs} epochs`);
    const scores = await anomalyScores(model, test, { score: detector.score });
    const isAnomaly = Array.from(test.labels(), (l) => l !== digit);
    return {
      method,
      digit,
      seed: s.seed,
      epochs: result.epochs,
      trainImages: normal.size,
      rocAuc: rocAuc(scores, isAnomaly),
      averagePrecision: precisionRecall(scores, isAnomaly).averagePrecision,
      trainSeconds: result.history.reduce((a, h) => a + h.seconds, 0),
    };
  } finally {
    disposeModel(model);
  }
}
