import * as tf from '@tensorflow/tfjs-core';

/** A loss or metric on one output: `(yTrue, yPred)` to a scalar or to one value per sample [batch]. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

// Probabilities are clipped this far from 0 and 1 so that log() stays finite in float32.
const EPSILON = 1e-7;

/** Mean squared error over all elements: mean((pred - target)^2). */
export function mse(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar);
}

// Elementwise Bernoulli log-likelihood target * log(p) + (1 - target) * log(1 - p), p clipped into (0, 1).
function bernoulliLogLikelihood(pred: tf.Tensor, target: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(pred, EPSILON, 1 - EPSILON);
  return tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log1p(tf.neg(p))));
}

/** Binary cross-entropy of probabilities `pred` in [0, 1] against targets in [0, 1], averaged over all elements. */
export function binaryCrossEntropy(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(bernoulliLogLikelihood(pred, target))) as tf.Scalar);
}

/** Binary cross-entropy per image [batch]: the mean over each image's elements. */
export function binaryCrossEntropyPerImage(pred: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const ll = bernoulliLogLikelihood(pred, target);
    return tf.neg(tf.mean(tf.reshape(ll, [ll.shape[0]!, -1]), 1)) as tf.Tensor1D;
  });
}

/**
 * Binary cross-entropy summed over each image's elements [batch]: the Bernoulli negative log-likelihood of the
 * image in nats, a VAE's reconstruction term (`'bceSum'`).
 */
export function binaryCrossEntropySumPerImage(pred: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const ll = bernoulliLogLikelihood(pred, target);
    return tf.neg(tf.sum(tf.reshape(ll, [ll.shape[0]!, -1]), 1)) as tf.Tensor1D;
  });
}

/** The mean over images of binaryCrossEntropySumPerImage: nats per image. */
export function binaryCrossEntropySum(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(binaryCrossEntropySumPerImage(pred, target)) as tf.Scalar);
}

/** KL(N(mean, exp(logVar)) || N(0, I)) per row [batch] in nats: 0.5 * sum_j (exp(logVar_j) + mean_j^2 - 1 - logVar_j). */
export function gaussianKlPerImage(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const perDim = tf.sub(tf.add(tf.exp(logVar), tf.square(mean)), tf.add(logVar, 1));
    return tf.mul(tf.sum(tf.reshape(perDim, [perDim.shape[0]!, -1]), 1), 0.5) as tf.Tensor1D;
  });
}

/** One-hot float32 rows [batch, classes] from class indices [batch] (an index < 0 gives a zero row) or from one-hot rows. */
export function toOneHot(labels: tf.Tensor, classes: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (labels.rank === 2) {
      if (labels.shape[1] !== classes) {
        throw new Error(`labels: expected one-hot rows with ${classes} classes, got shape [${labels.shape}]`);
      }
      return tf.cast(labels, 'float32') as tf.Tensor2D;
    }
    if (labels.rank !== 1) {
      throw new Error(
        `labels: expected class indices [batch] or one-hot [batch, ${classes}], got shape [${labels.shape}]`,
      );
    }
    return tf.oneHot(tf.cast(labels, 'int32'), classes) as tf.Tensor2D;
  });
}

/**
 * Per-image cross-entropy from logits [batch, classes] and one-hot targets: logsumexp(z) - z[label]. Stable for any
 * logit size because logsumexp subtracts the row maximum before exp.
 */
export function crossEntropyPerImage(logits: tf.Tensor, oneHot: tf.Tensor): tf.Tensor1D {
  // NOTE: tfjs-core's softmaxCrossEntropy (reduction NONE) has a fused gradient, softmax(z) - y, which is a few
  // kernels cheaper per step than differentiating logsumexp; the masked mean stays ours (its own would give 0/0).
  return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, tf.Reduction.NONE) as tf.Tensor1D;
}

/**
 * Categorical cross-entropy from logits, averaged over the images whose `mask` is 1 (all when no mask).
 * A batch without labeled images gives 0 (and zero gradients), never NaN.
 */
export function crossEntropyFromLogits(logits: tf.Tensor, labels: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[logits.rank - 1]!;
    const perImage = crossEntropyPerImage(logits, toOneHot(labels, classes));
    if (!mask) return tf.mean(perImage) as tf.Scalar;
    const m = tf.cast(mask, 'float32');
    // max(count, 1): the sum is 0 when nothing is labeled, so the term is 0 instead of 0/0.
    return tf.div(tf.sum(tf.mul(perImage, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
