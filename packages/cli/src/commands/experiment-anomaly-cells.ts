import type { Dataset } from '@aecnn/data';
import { autoencoder } from '@aecnn/models';
import { anomalyScores, fit, precisionRecall, rocAuc } from '@aecnn/train';
import { UsageError } from '../errors';
import { disposeModel } from '../model-files';

/** One training of the anomaly experiment: an autoencoder on the training images of `digit`, with `seed`. */
export interface AnomalyCell {
  readonly experiment: 'anomaly';
  readonly index: number;
  /** The normal class. */
  readonly digit: number;
  readonly seed: number;
  readonly epochs: number;
}

/** What one anomaly training scored on the whole test set (its digit normal, every other digit anomalous). */
export interface AnomalyRun {
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
/** Adam's learning rate of the anomaly trainings. */
export const ANOMALY_LR = 3e-3;
/** Epochs of each anomaly training unless --epochs says otherwise. */
export const ANOMALY_EPOCHS = 30;

// NOTE: measured on this 2-core machine (wasm): about 0.6 s an epoch for the ~800 training images of one digit.
const SECONDS_PER_EPOCH = 0.6;

/** A rough cost of an anomaly cell (seconds on one core), so that parallel jobs can start the longest first. */
export function anomalyCellCost(cell: AnomalyCell): number {
  return SECONDS_PER_EPOCH * cell.epochs;
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

/** Trains the autoencoder on the images of `digit` in `train` (MSE), scores every image of `test` by its MSE. */
export async function runAnomaly(
  train: Dataset,
  test: Dataset,
  digit: number,
  s: AnomalySettings,
): Promise<AnomalyRun> {
  const normal = digitImages(train, digit);
  const { model } = autoencoder({ inputShape: train.imageShape, ...ANOMALY_MODEL, seed: s.seed });
  try {
    const result = await fit(model, normal, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      learningRate: ANOMALY_LR,
      loss: 'mse',
      seed: s.seed,
      ...(s.signal ? { signal: s.signal } : {}),
      callbacks: { onEpochEnd: (e) => s.onEpoch?.(e.epoch + 1, s.epochs) },
    });
    if (result.stopReason !== 'completed') throw new Error(`stopped after ${result.epochs} epochs`);
    const scores = await anomalyScores(model, test, { score: 'mse' });
    const isAnomaly = Array.from(test.labels(), (l) => l !== digit);
    return {
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
