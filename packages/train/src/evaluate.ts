import { checkInt, checkKeys, type Model, mixSeeds, requireBackend } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, checkBatchSource, disposeBatch } from './batch';
import { hasElbo, negativeElbo } from './elbo';
import { termInputs } from './loss-terms';
import {
  confusionCounts,
  correctCount,
  type MetricFn,
  msePerImage,
  perClassAccuracyOf,
  psnrPerImage,
} from './metrics';
import { corrupt, type NoiseSpec, resolveNoise } from './noise';
import { type LossSpec, metricTerms, resolveLoss } from './objective';

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Images per forward call. Default 256. */
  readonly batchSize?: number;
  /** Also report this loss (averaged like training does, the model's added losses included). */
  readonly loss?: LossSpec;
  /** Weight of each output's (or added loss's) term in `loss`. Default 1. */
  readonly lossWeights?: Readonly<Record<string, number>>;
  /** Corrupt the inputs (denoising) while comparing reconstructions with the clean images. */
  readonly noise?: NoiseSpec;
  /** Seed of the corruption. Default 0. */
  readonly seed?: number;
  /** Metric functions `{ name, output, fn }`, reported in `metrics` as their (weighted) means. */
  readonly metrics?: readonly MetricFn[];
}

/** What evaluate measured; a field is absent when the model or the data cannot give it. */
export interface EvaluateResult {
  /** Images seen. */
  readonly count: number;
  /** Labeled images seen. */
  readonly labeled: number;
  /** The loss of `options.loss`, and its terms. */
  readonly loss?: number;
  readonly terms?: Readonly<Record<string, number>>;
  /** Classification over labeled images (weighted by the batches' sampleWeight, as the loss is). */
  readonly accuracy?: number;
  /** Recall per true class, from the unweighted counts of `confusionMatrix`. */
  readonly perClassAccuracy?: (number | null)[];
  /** confusionMatrix[true][predicted]: image counts (unweighted). */
  readonly confusionMatrix?: number[][];
  /** Reconstruction: mean per-image MSE, and mean per-image PSNR in dB (images in [0, 1]); weighted by sampleWeight. */
  readonly mse?: number;
  readonly psnr?: number;
  /** Each of `options.metrics` by name (in fit's epoch log: `val.metrics.<name>`, monitored as `val.<name>`). */
  readonly metrics?: Readonly<Record<string, number>>;
  /**
   * A VAE (a `kl` loss term, outputs mean, logVar, reconstruction), on the clean images: the negative ELBO in nats
   * per image, `reconstructionNll + kl`, with one posterior sample per image (seeded by `seed`) ...
   */
  readonly negativeElbo?: number;
  /** ... its reconstruction term -log p(x | z): Bernoulli (BCE) summed over the pixels, nats per image ... */
  readonly reconstructionNll?: number;
  /** ... and its KL(q(z | x) || N(0, I)) in nats per image (not weighted by the model's beta). */
  readonly kl?: number;
}

// The leading sums of every batch: count, labeled, weight, correct, labeledWeight, mseSum, psnrSum, and a VAE's
// elboSum, reconSum, klSum.
const SUMS = 10;
type Sums = [number, number, number, number, number, number, number, number, number, number];

/**
 * Runs the model in inference mode over `data` (epoch 0 of the source) and measures accuracy, per-class
 * accuracy, the confusion matrix, MSE and PSNR, and a VAE's negative ELBO, whichever the model's heads and the labels allow.
 * Sums stay on the device; the result is read once at the end.
 */
export async function evaluate(
  model: Model,
  data: BatchSource,
  options: EvaluateOptions = {},
): Promise<EvaluateResult> {
  requireBackend('evaluate');
  checkBatchSource(data, 'evaluate: data');
  checkKeys(options, ['batchSize', 'loss', 'lossWeights', 'noise', 'seed', 'metrics'], 'evaluate');
  const batchSize = checkInt('evaluate', 'batchSize', options.batchSize ?? 256);
  const objective =
    options.loss !== undefined
      ? resolveLoss(options.loss, {
          outputs: model.outputNames,
          lossNames: model.lossNames ?? [],
          ...(options.lossWeights ? { lossWeights: options.lossWeights } : {}),
        })
      : undefined;
  const nTerms = objective?.terms.length ?? 0;
  if (options.metrics !== undefined && !Array.isArray(options.metrics)) {
    throw new Error(
      `evaluate: metrics must be an array of { name, output, fn }, got ${JSON.stringify(options.metrics)}`,
    );
  }
  const metrics = metricTerms(options.metrics ?? [], model.outputNames, 'evaluate');
  const at = SUMS + nTerms * 2;
  const noise = options.noise ? resolveNoise(options.noise) : undefined;
  const seed = options.seed ?? 0;
  const elbo = hasElbo(model);
  // [count, labeled, weight, correct, labeledWeight, mseSum, psnrSum (the last four weighted), elboSum, reconSum,
  //  klSum, term0 * count0, term1 * count1, ..., count0, count1, ..., metric0 * count0, count0, metric1 * count1, ...]
  let sums: tf.Tensor1D | undefined;
  let confusion: tf.Tensor2D | undefined;
  let hasRecon = false;
  let index = 0;
  for await (const batch of data.batches({ batchSize, epoch: 0, shuffle: false, seed: 0 })) {
    const next = tf.tidy(() => {
      const n = batch.x.shape[0]!;
      const labels = batch.y;
      const mask = labels ? (batch.labeledMask ?? tf.ones([n])) : undefined;
      const input = noise ? corrupt(batch.x, noise, mixSeeds(seed, index)) : batch.x;
      const out = model.forward(input, { training: false });
      const w = batch.sampleWeight ? tf.cast(batch.sampleWeight, 'float32') : tf.ones([n]);
      const labeled = mask ? tf.sum(tf.cast(mask, 'float32')) : tf.scalar(0);
      const weightedMask = mask ? tf.mul(tf.cast(mask, 'float32'), w) : undefined;
      const parts: tf.Tensor[] = [tf.scalar(n), labeled, tf.sum(w)];
      const logits = out.logits;
      if (logits && labels && weightedMask) {
        parts.push(correctCount(logits, labels, weightedMask), tf.sum(weightedMask));
      } else parts.push(tf.scalar(0), tf.scalar(0));
      if (out.reconstruction) {
        hasRecon = true;
        parts.push(
          tf.sum(tf.mul(msePerImage(out.reconstruction, batch.x), w)),
          tf.sum(tf.mul(psnrPerImage(out.reconstruction, batch.x), w)),
        );
      } else parts.push(tf.scalar(0), tf.scalar(0));
      if (elbo) {
        const e = negativeElbo(model, batch.x, { seed: mixSeeds(seed, index) });
        parts.push(tf.sum(e.negativeElbo), tf.sum(e.reconstruction), tf.sum(e.kl));
      } else parts.push(tf.scalar(0), tf.scalar(0), tf.scalar(0));
      const inputs = termInputs(batch, batch.x, mask ? { labeledMask: mask } : {});
      if (objective) {
        const terms = objective.terms.map((t) => t.compute(out, inputs));
        // Terms are means over the images they count (all, labeled, or weighted): weight them back.
        parts.push(...terms.map((t) => tf.mul(t.value, t.count)), ...terms.map((t) => t.count));
      }
      for (const m of metrics) {
        const v = m.compute(out, inputs);
        parts.push(tf.mul(v.value, v.count), v.count);
      }
      const vec = tf.stack(parts) as tf.Tensor1D;
      const cm = out.logits && labels ? confusionCounts(out.logits, labels, mask) : undefined;
      return {
        sums: sums ? (tf.add(sums, vec) as tf.Tensor1D) : vec,
        confusion: cm ? (confusion ? (tf.add(confusion, cm) as tf.Tensor2D) : cm) : undefined,
      };
    });
    disposeBatch(batch);
    if (sums) sums.dispose();
    if (next.confusion && confusion) confusion.dispose();
    sums = next.sums;
    if (next.confusion) confusion = next.confusion;
    index++;
  }
  if (!sums) throw new Error('evaluate: the data source yielded no batches');
  const s = Array.from(await sums.data());
  sums.dispose();
  const cm = confusion ? ((await confusion.array()) as number[][]) : undefined;
  confusion?.dispose();
  const [count, labeled, weight, correct, labeledWeight, mseSum, psnrSum, elboSum, reconSum, klSum] =
    s as number[] as Sums;
  const result: Record<string, unknown> = { count, labeled };
  if (objective) {
    const terms: Record<string, number> = {};
    objective.terms.forEach((t, i) => {
      const denom = s[SUMS + nTerms + i]!;
      terms[t.name] = denom > 0 ? s[SUMS + i]! / denom : 0;
    });
    result.terms = terms;
    result.loss = Object.values(terms).reduce((a, b) => a + b, 0);
  }
  if (cm && labeled > 0) {
    result.confusionMatrix = cm.map((row) => row.map((v) => Math.round(v)));
    // Labeled images that all weigh 0 give no accuracy (never 0/0).
    if (labeledWeight > 0) result.accuracy = correct / labeledWeight;
    result.perClassAccuracy = perClassAccuracyOf(cm);
  }
  if (hasRecon && weight > 0) {
    result.mse = mseSum / weight;
    result.psnr = psnrSum / weight;
  }
  if (metrics.length > 0) {
    result.metrics = Object.fromEntries(
      metrics.map((m, i) => {
        const denom = s[at + 2 * i + 1]!;
        return [m.name, denom > 0 ? s[at + 2 * i]! / denom : 0];
      }),
    );
  }
  if (elbo) {
    result.negativeElbo = elboSum / count;
    result.reconstructionNll = reconSum / count;
    result.kl = klSum / count;
  }
  return result as unknown as EvaluateResult;
}
