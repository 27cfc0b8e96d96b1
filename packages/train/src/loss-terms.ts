import type { Head, ModelOutput } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './batch';
import {
  binaryCrossEntropy,
  binaryCrossEntropyPerImage,
  binaryCrossEntropySum,
  binaryCrossEntropySumPerImage,
  crossEntropyFromLogits,
  crossEntropyPerImage,
  type LossFn,
  mse,
  toOneHot,
} from './losses';
import { msePerImage } from './metrics';
import { type PseudoTargets, pseudoLabelTerm } from './pseudo-labels';

/**
 * A built-in loss by name: 'mse' and 'bce' on images in [0, 1] (means over pixels), 'bceSum' (BCE summed over each
 * image's pixels: nats per image, a VAE's reconstruction term), 'crossEntropy' on logits against class labels.
 */
export type NamedLoss = 'mse' | 'bce' | 'bceSum' | 'crossEntropy';

/** What a term reads from the batch besides the model output. */
export interface TermInputs {
  /** The clean (un-noised, augmented) images: the default target of the `reconstruction` output. */
  readonly input: tf.Tensor;
  readonly y?: tf.Tensor;
  readonly labeledMask?: tf.Tensor;
  readonly targets?: Readonly<Record<string, tf.Tensor>>;
  readonly sampleWeight?: tf.Tensor;
  readonly pseudo?: PseudoTargets;
}

/**
 * The term inputs of a batch: `input` the clean images; the labels, and their mask (the batch's unless given) only
 * where the batch has labels.
 */
export function termInputs(
  batch: Pick<Batch, 'y' | 'labeledMask' | 'targets' | 'sampleWeight'>,
  input: tf.Tensor,
  extra: { readonly labeledMask?: tf.Tensor; readonly pseudo?: PseudoTargets } = {},
): TermInputs {
  const labels = batch.y;
  const mask = labels ? (extra.labeledMask ?? batch.labeledMask) : undefined;
  const pseudo = extra.pseudo;
  return {
    input,
    ...(labels ? { y: labels } : {}),
    ...(mask ? { labeledMask: mask } : {}),
    ...(batch.targets ? { targets: batch.targets } : {}),
    ...(batch.sampleWeight ? { sampleWeight: batch.sampleWeight } : {}),
    ...(pseudo ? { pseudo } : {}),
  };
}

/** A term's value on one batch (a weighted mean) and how much it counts in the epoch mean (images, labeled images or weights). */
export interface TermValue {
  readonly value: tf.Scalar;
  readonly count: tf.Scalar;
}

/** A resolved loss term or metric: its name in logs, the output it reads, and how to compute it. */
export interface Term {
  readonly name: string;
  readonly output: Head;
  compute(out: ModelOutput, t: TermInputs): TermValue;
}

// Below this total weight a weighted mean is 0 (a batch whose images all weigh 0), never 0/0.
const TINY_WEIGHT = 1e-12;

function need(out: ModelOutput, output: Head, term: string): tf.Tensor {
  const t = out[output];
  if (t === undefined) {
    throw new Error(
      `loss '${term}': the model returned no '${output}' output; pick a loss that matches its outputs`,
    );
  }
  return t;
}

// 0 * sum(pred) rather than a constant 0 keeps the term connected to the weights (zero gradients, no error).
const zeroTerm = (pred: tf.Tensor): TermValue => ({
  value: tf.mul(tf.sum(pred), 0) as tf.Scalar,
  count: tf.scalar(0),
});

/** Per-sample weights of a term: sampleWeight times the labeled mask when the target is `y` (undefined: all 1). */
function weightsOf(t: TermInputs, masked: boolean): tf.Tensor | undefined {
  const mask = masked && t.labeledMask ? tf.cast(t.labeledMask, 'float32') : undefined;
  const w = t.sampleWeight ? tf.cast(t.sampleWeight, 'float32') : undefined;
  return mask && w ? tf.mul(mask, w) : (mask ?? w);
}

/**
 * Reduces a loss to a batch value: a scalar as it is, one value per sample as its (weighted) mean. `count` is the
 * batch size, or the total weight when weighted, so the epoch mean weighs every image the same way.
 */
export function reduceLoss(name: string, loss: tf.Tensor, n: number, w: tf.Tensor | undefined): TermValue {
  if (loss.rank === 0) {
    if (w) {
      throw new Error(
        `loss '${name}': the function returned a scalar, but the batch has sampleWeight or a labeledMask; return one value per sample [${n}]`,
      );
    }
    return { value: loss as tf.Scalar, count: tf.scalar(n) };
  }
  if (loss.rank !== 1 || loss.shape[0] !== n) {
    throw new Error(
      `loss '${name}': expected a scalar or one value per sample [${n}], got shape [${loss.shape}]`,
    );
  }
  if (!w) return { value: tf.mean(loss) as tf.Scalar, count: tf.scalar(n) };
  const total = tf.sum(w) as tf.Scalar;
  return {
    value: tf.div(tf.sum(tf.mul(loss, w)), tf.maximum(total, TINY_WEIGHT)) as tf.Scalar,
    count: total,
  };
}

const scaled = (v: TermValue, weight: number): TermValue =>
  weight === 1 ? v : { value: tf.mul(v.value, weight) as tf.Scalar, count: v.count };

interface Target {
  readonly yTrue: tf.Tensor;
  /** True when the target is `y`: the labeled mask applies. */
  readonly labels: boolean;
}

/**
 * The target of `output`: `batch.targets[output]`, else the clean input for `reconstruction` (not for a
 * classification loss), else the labels `y` (undefined when the batch has none: the term counts nothing).
 */
function targetOf(output: Head, t: TermInputs, classification: boolean): Target | undefined {
  const explicit = t.targets?.[output];
  if (explicit) return { yTrue: explicit, labels: false };
  if (output === 'reconstruction' && !classification) return { yTrue: t.input, labels: false };
  return t.y ? { yTrue: t.y, labels: true } : undefined;
}

const PER_IMAGE = Object.freeze({
  mse: msePerImage,
  bce: binaryCrossEntropyPerImage,
  bceSum: binaryCrossEntropySumPerImage,
});
const MEAN = Object.freeze({ mse, bce: binaryCrossEntropy, bceSum: binaryCrossEntropySum });

/** A term for a built-in loss on `output`, multiplied by `weight`. */
export function namedTerm(name: string, output: Head, loss: NamedLoss, weight: number): Term {
  const classification = loss === 'crossEntropy';
  return {
    name,
    output,
    compute(out, t) {
      const pred = need(out, output, name);
      const n = pred.shape[0]!;
      const target = targetOf(output, t, classification);
      if (!target) return zeroTerm(pred);
      const masked = target.labels && t.labeledMask !== undefined;
      // Unweighted, the terms keep their original batch-mean kernels (the numbers of earlier releases, bit for bit).
      if (classification && !t.sampleWeight) {
        const mask = masked ? t.labeledMask : undefined;
        const count = mask ? (tf.sum(tf.cast(mask, 'float32')) as tf.Scalar) : tf.scalar(n);
        return scaled({ value: crossEntropyFromLogits(pred, target.yTrue, mask), count }, weight);
      }
      if (!classification && !t.sampleWeight && !masked) {
        return scaled({ value: MEAN[loss](pred, target.yTrue), count: tf.scalar(n) }, weight);
      }
      const perImage = classification
        ? crossEntropyPerImage(pred, toOneHot(target.yTrue, pred.shape[pred.rank - 1]!))
        : PER_IMAGE[loss](pred, target.yTrue);
      return scaled(reduceLoss(name, perImage, n, weightsOf(t, masked)), weight);
    },
  };
}

/** A term for a loss function on `output`, multiplied by `weight`; the function sees `(yTrue, yPred)`. */
export function functionTerm(name: string, output: Head, fn: LossFn, weight: number): Term {
  return {
    name,
    output,
    compute(out, t) {
      const pred = need(out, output, name);
      const target = targetOf(output, t, false);
      if (!target) {
        throw new Error(
          `loss '${name}': no target for output '${output}'; give the batch targets.${output} or labels y`,
        );
      }
      const loss = fn(target.yTrue, pred);
      if (!(loss instanceof tf.Tensor)) {
        throw new Error(`loss '${name}': the function must return a tensor, got ${typeof loss}`);
      }
      const masked = target.labels && t.labeledMask !== undefined;
      return scaled(reduceLoss(name, loss, pred.shape[0]!, weightsOf(t, masked)), weight);
    },
  };
}

/** A loss term the model adds (`Model.lossNames`): a scalar as it is, one value per sample as its weighted mean. */
export function addedTerm(name: string, weight: number): Term {
  return {
    name,
    output: name,
    compute(out, t) {
      const v = out[name];
      if (v === undefined) {
        throw new Error(`loss '${name}': model.lossNames has '${name}', but forward returned no '${name}'`);
      }
      const n = t.input.shape[0]!;
      const w = v.rank === 0 ? undefined : weightsOf(t, false);
      return scaled(reduceLoss(name, v, n, w), weight);
    },
  };
}

/** The pseudo-label term of the semi strategy on `output` (weight `weight`); it counts every image. */
export function pseudoTerm(output: Head, weight: number): Term {
  return {
    name: 'pseudo',
    output,
    compute: (out, t) => ({
      value: pseudoLabelTerm(need(out, output, 'pseudo'), t.pseudo, weight),
      count: tf.scalar(t.input.shape[0]!),
    }),
  };
}
