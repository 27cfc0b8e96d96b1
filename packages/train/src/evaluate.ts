import { checkKeys, type Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, checkBatchSource, disposeBatch } from './batch';
import { hasElbo, negativeElbo } from './elbo';
import type { TermInputs } from './loss-terms';
import { accuracyOf, confusionCounts, msePerImage, perClassAccuracyOf, psnrPerImage } from './metrics';
import { corrupt, type NoiseSpec, resolveNoise } from './noise';
import { type LossSpec, resolveLoss } from './objective';
import { mixSeed } from './rng';

// Index of the first loss term's sum in evaluate's vector of sums.
const FIRST_TERM = 7;

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
  /** Classification over labeled images. */
  readonly accuracy?: number;
  readonly perClassAccuracy?: (number | null)[];
  /** confusionMatrix[true][predicted] counts. */
  readonly confusionMatrix?: number[][];
  /** Reconstruction: mean per-image MSE, and mean per-image PSNR in dB (images in [0, 1]). */
  readonly mse?: number;
  readonly psnr?: number;
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
  checkBatchSource(data, 'evaluate: data');
  checkKeys(options, ['batchSize', 'loss', 'lossWeights', 'noise', 'seed'], 'evaluate');
  const batchSize = options.batchSize ?? 256;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new Error(`evaluate: batchSize must be an integer >= 1, got ${batchSize}`);
  }
  const objective =
    options.loss !== undefined
      ? resolveLoss(options.loss, {
          outputs: model.outputNames,
          lossNames: model.lossNames ?? [],
          ...(options.lossWeights ? { lossWeights: options.lossWeights } : {}),
        })
      : undefined;
  const nTerms = objective?.terms.length ?? 0;
  const noise = options.noise ? resolveNoise(options.noise) : undefined;
  const seed = options.seed ?? 0;
  const elbo = hasElbo(model);
  // [count, labeled, mseSum, psnrSum, elboSum, reconSum, klSum, term0 * count0, ..., count0, count1, ...]
  let sums: tf.Tensor1D | undefined;
  let confusion: tf.Tensor2D | undefined;
  let hasRecon = false;
  let index = 0;
  for await (const batch of data.batches({ batchSize, epoch: 0, shuffle: false, seed: 0 })) {
    const next = tf.tidy(() => {
      const n = batch.x.shape[0]!;
      const labels = batch.y;
      const mask = labels ? (batch.labeledMask ?? tf.ones([n])) : undefined;
      const input = noise ? corrupt(batch.x, noise, mixSeed(seed, index)) : batch.x;
      const out = model.forward(input, { training: false });
      const labeled = mask ? tf.sum(tf.cast(mask, 'float32')) : tf.scalar(0);
      const parts: tf.Tensor[] = [tf.scalar(n), labeled];
      if (out.reconstruction) {
        hasRecon = true;
        parts.push(
          tf.sum(msePerImage(out.reconstruction, batch.x)),
          tf.sum(psnrPerImage(out.reconstruction, batch.x)),
        );
      } else parts.push(tf.scalar(0), tf.scalar(0));
      if (elbo) {
        const e = negativeElbo(model, batch.x, { seed: mixSeed(seed, index) });
        parts.push(tf.sum(e.negativeElbo), tf.sum(e.reconstruction), tf.sum(e.kl));
      } else parts.push(tf.scalar(0), tf.scalar(0), tf.scalar(0));
      if (objective) {
        const inputs: TermInputs = {
          input: batch.x,
          ...(labels ? { y: labels } : {}),
          ...(mask ? { labeledMask: mask } : {}),
          ...(batch.targets ? { targets: batch.targets } : {}),
          ...(batch.sampleWeight ? { sampleWeight: batch.sampleWeight } : {}),
        };
        const terms = objective.terms.map((t) => t.compute(out, inputs));
        // Terms are means over the images they count (all, labeled, or weighted): weight them back.
        parts.push(...terms.map((t) => tf.mul(t.value, t.count)), ...terms.map((t) => t.count));
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
  const [count, labeled, mseSum, psnrSum] = s as [number, number, number, number];
  const result: Record<string, unknown> = { count, labeled };
  if (objective) {
    const terms: Record<string, number> = {};
    objective.terms.forEach((t, i) => {
      const denom = s[FIRST_TERM + nTerms + i]!;
      terms[t.name] = denom > 0 ? s[FIRST_TERM + i]! / denom : 0;
    });
    result.terms = terms;
    result.loss = Object.values(terms).reduce((a, b) => a + b, 0);
  }
  if (cm && labeled > 0) {
    result.confusionMatrix = cm.map((row) => row.map((v) => Math.round(v)));
    result.accuracy = accuracyOf(cm);
    result.perClassAccuracy = perClassAccuracyOf(cm);
  }
  if (hasRecon) {
    result.mse = mseSum / count;
    result.psnr = psnrSum / count;
  }
  if (elbo) {
    result.negativeElbo = s[4]! / count;
    result.reconstructionNll = s[5]! / count;
    result.kl = s[6]! / count;
  }
  return result as unknown as EvaluateResult;
}
