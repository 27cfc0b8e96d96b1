import { type AugmentSpec, augment } from '@aecnn/data';
import type { Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './batch';
import { type ClipOptions, clipGradients } from './clip';
import { NonFiniteLossError } from './errors';
import { correctCount, msePerImage, psnrPerImage, type TrainMetric } from './metrics';
import { corrupt } from './noise';
import type { Objective } from './objective';
import { type PseudoTargets, pseudoTargets } from './pseudo-labels';
import { mixSeed } from './rng';
import type { Phase } from './strategy';

/** Disposes a batch's tensors. */
export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y?.dispose();
  b.labeledMask?.dispose();
}

/** What one step measured: loss and terms, and the sums behind the training metrics. */
export interface StepStats {
  loss: number;
  terms: number[];
  correct: number;
  labeled: number;
  mse: number;
  psnr: number;
}

/** Everything a step needs besides the model, batch, loss, variables and optimizer. */
export interface StepContext {
  stepSeed: number;
  lr: number;
  decayed: readonly tf.Variable[];
  weightDecay: number;
  clip: ClipOptions;
  noise: Phase['noise'];
  /** Pseudo-labelling for this step (absent before its first epoch). */
  pseudoThreshold?: number;
  /** Augmentation of the training view (seeded by stepSeed); the target becomes the augmented clean image. */
  augment?: AugmentSpec;
  metrics: ReadonlySet<TrainMetric>;
  where: { step: number; epoch: number; batch: number; lastCheckpointStep: () => number | undefined };
}

/**
 * One optimizer step: forward + loss + gradients on the tape, one read of [loss, terms, metric sums], a finite check,
 * then clip, weight decay and applyGradients in a tidy. Disposes the batch.
 */
export async function trainStep(
  model: Model,
  batch: Batch,
  objective: Objective,
  vars: readonly { path: string; variable: tf.Variable }[],
  opt: tf.Optimizer,
  c: StepContext,
): Promise<StepStats> {
  const nTerms = objective.terms.length;
  let stats: tf.Tensor | undefined;
  let input: tf.Tensor | undefined;
  let value: tf.Scalar | undefined;
  let grads: tf.NamedTensorMap | undefined;
  let pseudo: PseudoTargets | undefined;
  let view: tf.Tensor | undefined;
  try {
    // Targets from the clean images, computed before the tape so no gradient flows through them.
    // A batch with y but no mask is fully labeled: nothing to pseudo-label.
    if (c.pseudoThreshold !== undefined && !(batch.y && !batch.labeledMask)) {
      pseudo = pseudoTargets(model, batch.x, batch.labeledMask, c.pseudoThreshold);
    }
    view = c.augment ? augment(batch.x as tf.Tensor4D, c.augment, mixSeed(c.stepSeed, 1)) : batch.x;
    const target = view;
    input = c.noise ? corrupt(view, c.noise, c.stepSeed) : view;
    const x = input;
    const labels = batch.y;
    const mask = labels ? batch.labeledMask : undefined;
    const result = tf.variableGrads(
      () => {
        const out = model.forward(x, { training: true, seed: c.stepSeed }, objective.heads);
        const terms = objective.compute(out, target, labels, mask, pseudo);
        const total = (nTerms === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
        const n = batch.x.shape[0]!;
        const extras: tf.Tensor[] = [];
        if (out.logits && labels && c.metrics.has('accuracy')) {
          extras.push(
            correctCount(out.logits, labels, mask),
            mask ? tf.sum(tf.cast(mask, 'float32')) : tf.scalar(n),
          );
        } else if (labels && mask) {
          extras.push(tf.scalar(0), tf.sum(tf.cast(mask, 'float32')));
        } else extras.push(tf.scalar(0), tf.scalar(labels ? n : 0));
        const recon = out.reconstruction;
        extras.push(
          recon && c.metrics.has('mse') ? tf.sum(msePerImage(recon, target)) : tf.scalar(0),
          recon && c.metrics.has('psnr') ? tf.sum(psnrPerImage(recon, target)) : tf.scalar(0),
        );
        stats = tf.keep(tf.stack([total, ...terms, ...extras]));
        return total;
      },
      vars.map((v) => v.variable),
    );
    value = result.value;
    grads = result.grads;
    // The one read of the step: loss, terms and metric sums together.
    const s = await stats!.data();
    const values = Array.from(s.subarray(0, 1 + nTerms));
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const badTerm = values.slice(1).findIndex((v) => !Number.isFinite(v));
      const term = badTerm >= 0 ? objective.terms[badTerm]! : 'loss';
      const v = badTerm >= 0 ? values[1 + badTerm]! : values[0]!;
      throw new NonFiniteLossError(
        c.where.step,
        c.where.epoch,
        c.where.batch,
        term,
        v,
        c.where.lastCheckpointStep(),
      );
    }
    const g = grads;
    tf.tidy(() => {
      const list = vars.map(({ variable }) => g[variable.name] ?? tf.zerosLike(variable));
      const clipped =
        c.clip.clipNorm !== undefined || c.clip.clipValue !== undefined ? clipGradients(list, c.clip) : list;
      if (c.decayed.length > 0) {
        const keep = 1 - c.lr * c.weightDecay;
        for (const v of c.decayed) v.assign(tf.mul(v, keep));
      }
      opt.applyGradients(vars.map(({ variable }, i) => ({ name: variable.name, tensor: clipped[i]! })));
    });
    return {
      loss: values[0]!,
      terms: values.slice(1),
      correct: s[1 + nTerms]!,
      labeled: s[2 + nTerms]!,
      mse: s[3 + nTerms]!,
      psnr: s[4 + nTerms]!,
    };
  } finally {
    stats?.dispose();
    if (pseudo) tf.dispose([pseudo.labels, pseudo.mask]);
    value?.dispose();
    if (grads) tf.dispose(grads);
    if (input && input !== view) input.dispose();
    if (view && view !== batch.x) view.dispose();
    disposeBatch(batch);
  }
}
