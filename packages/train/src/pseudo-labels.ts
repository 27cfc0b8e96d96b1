import { checkInt, type Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyFromLogits } from './losses';

/**
 * Pseudo-labels for unlabeled images (FixMatch-style consistency): the model's prediction on the clean image,
 * when its softmax confidence exceeds `threshold`, becomes the target for the same image seen through the
 * training view (noised or augmented), with loss weight `weight`, from epoch `fromEpoch` (0-based) on.
 */
export interface PseudoLabelOptions {
  /** Minimum softmax probability of the predicted class. Default 0.9. */
  readonly threshold?: number;
  /** Weight of the pseudo-label cross-entropy in the loss. Default 0.5. */
  readonly weight?: number;
  /** First epoch (0-based) that uses pseudo-labels; earlier ones would teach the classifier its own noise. Default 1. */
  readonly fromEpoch?: number;
}

/** Checks pseudo-label options and fills in the defaults (threshold 0.9, weight 0.5, fromEpoch 1). */
export function resolvePseudoLabels(o: PseudoLabelOptions | undefined): Required<PseudoLabelOptions> {
  const threshold = o?.threshold ?? 0.9;
  const weight = o?.weight ?? 0.5;
  const fromEpoch = o?.fromEpoch ?? 1;
  if (!(threshold > 0 && threshold < 1)) {
    throw new Error(`pseudoLabels: threshold must be in (0, 1), got ${String(o?.threshold)}`);
  }
  if (!(weight > 0 && Number.isFinite(weight))) {
    throw new Error(`pseudoLabels: weight must be a finite number > 0, got ${String(o?.weight)}`);
  }
  checkInt('pseudoLabels', 'fromEpoch', fromEpoch, 0);
  return { threshold, weight, fromEpoch };
}

/** Pseudo-label targets: one-hot classes [batch, classes] and a 1/0 mask [batch] of the images they apply to. */
export interface PseudoTargets {
  readonly labels: tf.Tensor;
  readonly mask: tf.Tensor;
}

/**
 * Predicts the clean images `x` (inference mode, outside any gradient tape) and keeps the confident predictions
 * of the images whose `labeledMask` is 0 (from the classification output `output`, default 'logits') (all images when there is no mask). The caller disposes the result.
 */
export function pseudoTargets(
  model: Model,
  x: tf.Tensor,
  labeledMask: tf.Tensor | undefined,
  threshold: number,
  output = 'logits',
): PseudoTargets {
  return tf.tidy(() => {
    const logits = model.forward(x, { training: false }, [output])[output];
    if (!logits) throw new Error(`pseudoLabels: the model returned no '${output}' output`);
    const probs = tf.softmax(logits);
    const confident = tf.cast(tf.greater(tf.max(probs, 1), threshold), 'float32');
    const unlabeled = labeledMask ? tf.sub(1, tf.cast(labeledMask, 'float32')) : tf.onesLike(confident);
    const labels = tf.oneHot(tf.argMax(probs, 1), logits.shape[1]!);
    return { labels: tf.cast(labels, 'float32'), mask: tf.mul(confident, unlabeled) };
  });
}

/** The weighted pseudo-label term: cross-entropy over the confident unlabeled images (0, still connected, without targets). */
export function pseudoLabelTerm(
  logits: tf.Tensor,
  targets: PseudoTargets | undefined,
  weight: number,
): tf.Scalar {
  if (!targets) return tf.mul(tf.sum(logits), 0) as tf.Scalar;
  return tf.mul(crossEntropyFromLogits(logits, targets.labels, targets.mask), weight) as tf.Scalar;
}
