import type { Head } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type LossFn, toOneHot } from './losses';

/** A metric the trainer can report on training batches. */
export type TrainMetric = 'accuracy' | 'mse' | 'psnr';

/**
 * A metric function on one output, `(yTrue, yPred) => scalar or [batch]`, logged under `name` as its mean over
 * the epoch's images (weighted by sampleWeight; over labeled images when its target is `y`), and on the validation
 * data as `val.metrics.<name>` (monitor `val.<name>`). Targets as for losses.
 */
export interface MetricFn {
  readonly name: string;
  readonly output: Head;
  readonly fn: LossFn;
}

/** A training metric: a built-in name or a function on an output. */
export type MetricSpec = TrainMetric | MetricFn;

/** Every TrainMetric name, for option checks. */
export const TRAIN_METRICS: readonly TrainMetric[] = Object.freeze(['accuracy', 'mse', 'psnr']);

// Per-image MSE is floored here so a perfect reconstruction gives 100 dB instead of Infinity.
const MIN_MSE = 1e-10;

/** Class indices [batch] (int32) from indices or one-hot labels. */
export function labelIndices(labels: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => (labels.rank === 2 ? tf.argMax(labels, -1) : tf.cast(labels, 'int32')) as tf.Tensor1D);
}

/** Confusion counts [classes, classes] (row = true class, column = predicted) over images whose mask is 1. */
export function confusionCounts(logits: tf.Tensor, labels: tf.Tensor, mask?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const classes = logits.shape[logits.rank - 1]!;
    let truth = toOneHot(labels, classes);
    if (mask) truth = tf.mul(truth, tf.expandDims(tf.cast(mask, 'float32'), 1));
    const pred = tf.oneHot(tf.argMax(logits, -1), classes);
    return tf.matMul(truth, tf.cast(pred, 'float32'), true, false) as tf.Tensor2D;
  });
}

/** Number of correct predictions among images whose mask is 1 (scalar float32). */
export function correctCount(logits: tf.Tensor, labels: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const hit = tf.cast(tf.equal(tf.argMax(logits, -1), labelIndices(labels)), 'float32');
    return tf.sum(mask ? tf.mul(hit, tf.cast(mask, 'float32')) : hit) as tf.Scalar;
  });
}

/** Per-image mean squared error [batch]. */
export function msePerImage(pred: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const d = tf.squaredDifference(pred, target);
    return tf.mean(tf.reshape(d, [d.shape[0]!, -1]), 1) as tf.Tensor1D;
  });
}

/** Per-image PSNR in dB for images in [0, 1]: 10 log10(1 / mse), capped at 100 dB. */
export function psnrPerImage(pred: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tf.maximum(msePerImage(pred, target), MIN_MSE);
    return tf.mul(tf.log(m), -10 / Math.LN10) as tf.Tensor1D;
  });
}

/** Accuracy from a confusion matrix (NaN when it is empty). */
export function accuracyOf(confusion: readonly (readonly number[])[]): number {
  let hit = 0;
  let all = 0;
  confusion.forEach((row, i) => {
    row.forEach((c, j) => {
      all += c;
      if (i === j) hit += c;
    });
  });
  return all > 0 ? hit / all : Number.NaN;
}

/** Recall per true class from a confusion matrix; null for a class without images. */
export function perClassAccuracyOf(confusion: readonly (readonly number[])[]): (number | null)[] {
  return confusion.map((row, i) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n > 0 ? row[i]! / n : null;
  });
}
