import type { Head, ModelOutput } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropy, crossEntropyFromLogits, mse } from './losses';
import { type PseudoTargets, pseudoLabelTerm } from './pseudo-labels';

/** Loss on the reconstruction head. */
export type ReconstructionLoss = 'mse' | 'bce';

/** The fusion loss `a * reconstruction + b * classification`; the class term counts only labeled images. */
export interface FusionLoss {
  readonly kind: 'fusion';
  /** Reconstruction term. Default 'mse'. */
  readonly reconstruction?: ReconstructionLoss;
  /** Weight of the reconstruction term. Default 1. */
  readonly a?: number;
  /** Weight of the classification term. Default 1. */
  readonly b?: number;
}

/** What to minimise: a reconstruction loss, cross-entropy on logits, or the fusion of both. */
export type LossSpec = ReconstructionLoss | 'crossEntropy' | FusionLoss;

/** A loss term's name, as it appears in errors, histories and events. */
export type TermName = 'reconstruction' | 'classification' | 'pseudo';

/** A resolved loss: which heads it needs and how to compute its weighted terms from a model output. */
export interface Objective {
  readonly heads: readonly Head[];
  readonly terms: readonly TermName[];
  /** Weighted terms (scalars) in `terms` order; their sum is the loss. */
  compute(
    out: ModelOutput,
    target: tf.Tensor,
    labels: tf.Tensor | undefined,
    mask: tf.Tensor | undefined,
    pseudo?: PseudoTargets,
  ): tf.Scalar[];
}

/** Adds the pseudo-label term (weight `weight`) to an objective that has a logits head. */
export function withPseudoLabels(objective: Objective, weight: number): Objective {
  if (!objective.heads.includes('logits')) {
    throw new Error(
      `pseudoLabels: the loss must use the 'logits' head, but it uses ${objective.heads.join(', ')}`,
    );
  }
  return {
    heads: objective.heads,
    terms: [...objective.terms, 'pseudo'],
    compute: (out, target, labels, mask, pseudo) => [
      ...objective.compute(out, target, labels, mask),
      pseudoLabelTerm(need(out.logits, 'logits'), pseudo, weight),
    ],
  };
}

const RECON: Readonly<Record<ReconstructionLoss, (p: tf.Tensor, t: tf.Tensor) => tf.Scalar>> = Object.freeze({
  mse,
  bce: binaryCrossEntropy,
});

function need<T>(v: T | undefined, head: Head): T {
  if (v === undefined) {
    throw new Error(
      `loss: the model returned no '${head}' output; pick a loss that matches the model's heads`,
    );
  }
  return v;
}

function classTerm(out: ModelOutput, labels: tf.Tensor | undefined, mask: tf.Tensor | undefined): tf.Scalar {
  const logits = need(out.logits, 'logits');
  // A batch without labels contributes nothing to the class term, but still trains through the other terms.
  // 0 * sum(logits) rather than a constant 0 keeps the term connected to the weights (zero gradients, no error).
  if (!labels) return tf.mul(tf.sum(logits), 0) as tf.Scalar;
  return crossEntropyFromLogits(logits, labels, mask);
}

function checkWeight(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`loss: fusion weight '${name}' must be a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

/** Checks a loss spec and turns it into an Objective. */
export function resolveLoss(spec: LossSpec): Objective {
  if (spec === 'mse' || spec === 'bce') {
    const f = RECON[spec];
    return {
      heads: ['reconstruction'],
      terms: ['reconstruction'],
      compute: (out, target) => [f(need(out.reconstruction, 'reconstruction'), target)],
    };
  }
  if (spec === 'crossEntropy') {
    return {
      heads: ['logits'],
      terms: ['classification'],
      compute: (out, _t, labels, mask) => [classTerm(out, labels, mask)],
    };
  }
  if (spec && typeof spec === 'object' && spec.kind === 'fusion') {
    const recon = spec.reconstruction ?? 'mse';
    if (!(recon in RECON)) {
      throw new Error(`loss: fusion reconstruction must be 'mse' or 'bce', got ${JSON.stringify(recon)}`);
    }
    const a = checkWeight(spec.a ?? 1, 'a');
    const b = checkWeight(spec.b ?? 1, 'b');
    const f = RECON[recon];
    return {
      heads: ['reconstruction', 'logits'],
      terms: ['reconstruction', 'classification'],
      compute: (out, target, labels, mask) => [
        tf.mul(f(need(out.reconstruction, 'reconstruction'), target), a) as tf.Scalar,
        tf.mul(classTerm(out, labels, mask), b) as tf.Scalar,
      ],
    };
  }
  throw new Error(
    `loss: expected 'mse', 'bce', 'crossEntropy' or { kind: 'fusion', reconstruction?, a?, b? }, got ${JSON.stringify(spec)}`,
  );
}

/** The default loss for a model with the given heads: fusion for both, mse for reconstruction, crossEntropy for logits. */
export function defaultLoss(heads: readonly Head[]): LossSpec {
  const r = heads.includes('reconstruction');
  const c = heads.includes('logits');
  if (r && c) return { kind: 'fusion' };
  if (r) return 'mse';
  if (c) return 'crossEntropy';
  throw new Error(
    `loss: the model returns neither 'reconstruction' nor 'logits' (got ${heads.join(', ') || 'nothing'})`,
  );
}
