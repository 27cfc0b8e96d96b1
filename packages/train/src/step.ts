import { type AugmentSpec, augment } from '@aecnn/data';
import { type Model, mixSeeds } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type Batch, disposeBatch } from './batch';
import { type ClipOptions, clipGradients } from './clip';
import type { DivergenceWatch } from './divergence';
import { DivergedLossError, NonFiniteLossError } from './errors';
import { type Term, termInputs } from './loss-terms';
import { correctCount, msePerImage, psnrPerImage, type TrainMetric } from './metrics';
import { corrupt } from './noise';
import type { Objective } from './objective';
import { type PseudoTargets, pseudoTargets } from './pseudo-labels';
import type { Phase } from './strategy';

/** Terms and metric functions with their counts, and the sums behind the built-in metrics (of a step or an epoch). */
export interface StepSums {
  terms: number[];
  /** Images (or labeled images, or total weight) each term counts in the epoch mean. */
  counts: number[];
  metrics: number[];
  metricCounts: number[];
  /** Correct predictions and labeled images, each weighted by sampleWeight (counts when unweighted). */
  correct: number;
  labeled: number;
  /** Total sample weight (the image count when unweighted): the denominator of the mse and psnr means. */
  weight: number;
  /** Sums of per-image MSE and PSNR, weighted by sampleWeight. */
  mse: number;
  psnr: number;
}

/** What one step measured: its loss and its sums. */
export interface StepStats extends StepSums {
  loss: number;
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
  /** Metric functions, computed on the training batch without entering the loss. */
  metricTerms: readonly Term[];
  /** The phase's divergence check (absent with divergence: false). */
  divergence?: DivergenceWatch;
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
  const where = () => ({ ...c.where, lastCheckpointStep: c.where.lastCheckpointStep() });
  const nMetrics = c.metricTerms.length;
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
      pseudo = pseudoTargets(model, batch.x, batch.labeledMask, c.pseudoThreshold, objective.classOutput);
    }
    view = c.augment ? augment(batch.x as tf.Tensor4D, c.augment, mixSeeds(c.stepSeed, 1)) : batch.x;
    input = c.noise ? corrupt(view, c.noise, c.stepSeed) : view;
    const x = input;
    const labels = batch.y;
    const mask = labels ? batch.labeledMask : undefined;
    const inputs = termInputs(batch, view, pseudo ? { pseudo } : {});
    const target = view;
    const result = tf.variableGrads(
      () => {
        const out = model.forward(x, { training: true, seed: c.stepSeed }, objective.heads);
        const terms = objective.terms.map((t) => t.compute(out, inputs));
        const values = terms.map((t) => t.value);
        const total = (nTerms === 1 ? values[0]! : tf.addN(values)) as tf.Scalar;
        const n = batch.x.shape[0]!;
        const extras: tf.Tensor[] = [];
        for (const m of c.metricTerms) {
          const v = m.compute(out, inputs);
          extras.push(v.value, v.count);
        }
        // The built-in metrics weigh each image by its sampleWeight, as the losses do.
        const w = batch.sampleWeight ? tf.cast(batch.sampleWeight, 'float32') : undefined;
        const weighted = (perImage: tf.Tensor) => tf.sum(w ? tf.mul(perImage, w) : perImage);
        const logits = objective.classOutput !== undefined ? out[objective.classOutput] : undefined;
        if (logits && labels && c.metrics.has('accuracy')) {
          const m = mask && w ? tf.mul(tf.cast(mask, 'float32'), w) : (mask ?? w);
          extras.push(correctCount(logits, labels, m), m ? tf.sum(tf.cast(m, 'float32')) : tf.scalar(n));
        } else extras.push(tf.scalar(0), tf.scalar(0));
        const recon = out.reconstruction;
        extras.push(
          w ? tf.sum(w) : tf.scalar(n),
          recon && c.metrics.has('mse') ? weighted(msePerImage(recon, target)) : tf.scalar(0),
          recon && c.metrics.has('psnr') ? weighted(psnrPerImage(recon, target)) : tf.scalar(0),
        );
        stats = tf.keep(tf.stack([total, ...values, ...terms.map((t) => t.count), ...extras]));
        return total;
      },
      vars.map((v) => v.variable),
    );
    value = result.value;
    grads = result.grads;
    // The one read of the step: loss, terms, counts and metric sums together.
    const s = await stats!.data();
    const values = Array.from(s.subarray(0, 1 + nTerms));
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const badTerm = values.slice(1).findIndex((v) => !Number.isFinite(v));
      const term = badTerm >= 0 ? objective.terms[badTerm]!.name : 'loss';
      const v = badTerm >= 0 ? values[1 + badTerm]! : values[0]!;
      throw new NonFiniteLossError({ ...where(), term, value: v });
    }
    if (c.divergence?.diverged(values[0]!)) {
      const terms = values.slice(1);
      const largest = terms.indexOf(Math.max(...terms));
      const { minimum, first } = c.divergence.seen();
      throw new DivergedLossError(
        { ...where(), term: objective.terms[largest]!.name, value: values[0]! },
        minimum,
        first,
        c.divergence.factor,
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
    const at = 1 + 2 * nTerms;
    const m = Array.from(s.subarray(at, at + 2 * nMetrics));
    const e = at + 2 * nMetrics;
    return {
      loss: values[0]!,
      terms: values.slice(1),
      counts: Array.from(s.subarray(1 + nTerms, at)),
      metrics: m.filter((_, i) => i % 2 === 0),
      metricCounts: m.filter((_, i) => i % 2 === 1),
      correct: s[e]!,
      labeled: s[e + 1]!,
      weight: s[e + 2]!,
      mse: s[e + 3]!,
      psnr: s[e + 4]!,
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
