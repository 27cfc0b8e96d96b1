import { checkInt, checkKeys, checkSeed } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  checkMixture,
  componentLogDensities,
  fitMixture,
  type LatentMixture,
  normaliseRows,
} from './latent-mixture';
import type { AecnnModel } from './model';
import { encode, latentDimOf } from './vae-helpers';

/** Options of `fitLatentMixture`. */
export interface FitMixtureOptions {
  /** Mixture components (default 50). */
  readonly components?: number;
  /** EM iterations (default 100). */
  readonly iterations?: number;
  /** Seed of the initial means (picked among the codes); default 0. */
  readonly seed?: number;
  /** Images encoded per batch (default 256). */
  readonly batchSize?: number;
}

/** The posterior means of `images` [n, h, w, c] as one flat Float64Array [n * latentDim], encoded in batches. */
async function posteriorMeans(
  model: AecnnModel,
  images: tf.Tensor,
  batchSize: number,
): Promise<Float64Array> {
  const n = images.shape[0]!;
  const d = latentDimOf(model, 'fitLatentMixture');
  const out = new Float64Array(n * d);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const mean = tf.tidy(() => encode(model, tf.slice(images, start, size)).mean);
    out.set(await mean.data(), start * d);
    mean.dispose();
  }
  return out;
}

/**
 * Fits a Gaussian mixture to the posterior means of `images` [n, h, w, c] by EM: an ex-post density estimate of
 * where the VAE puts real images (Ghosh et al. 2020, "From variational to deterministic autoencoders"). Sampling
 * from it (`generate(model, n, { prior })`) instead of N(0, I) avoids the regions of the prior that no image
 * encodes to, which decode to in-between digits. Choose `components` by `mixtureLogLikelihood` on a validation split.
 */
export async function fitLatentMixture(
  model: AecnnModel,
  images: tf.Tensor,
  options: FitMixtureOptions = {},
): Promise<LatentMixture> {
  const where = 'fitLatentMixture';
  checkKeys(options, ['components', 'iterations', 'seed', 'batchSize'], where);
  const K = checkInt(where, 'components', options.components ?? 50);
  const iterations = checkInt(where, 'iterations', options.iterations ?? 100);
  const seed = checkSeed(where, options.seed ?? 0);
  const batchSize = checkInt(where, 'batchSize', options.batchSize ?? 256);
  const d = latentDimOf(model, where);
  if (!(images instanceof tf.Tensor) || images.rank !== model.inputShape.length + 1) {
    const got = images instanceof tf.Tensor ? `[${images.shape.join(', ')}]` : typeof images;
    throw new Error(`${where}: images must be a batch [n, ${model.inputShape.join(', ')}], got ${got}`);
  }
  if (images.shape[0]! < K)
    throw new Error(`${where}: ${K} components need at least ${K} images, got ${images.shape[0]}`);
  return fitMixture(await posteriorMeans(model, images, batchSize), d, { components: K, iterations, seed });
}

/** Mean log-likelihood (nats per image) of `images`' posterior means under `mixture`: higher fits better. */
export async function mixtureLogLikelihood(
  model: AecnnModel,
  mixture: LatentMixture,
  images: tf.Tensor,
): Promise<number> {
  const d = checkMixture('mixtureLogLikelihood', mixture, latentDimOf(model, 'mixtureLogLikelihood'));
  return codesLogLikelihood(await posteriorMeans(model, images, 256), d, mixture);
}

/** Mean log-likelihood per code of `z` (flat, `d` numbers a code) under `mixture`. */
function codesLogLikelihood(z: Float64Array, d: number, mixture: LatentMixture): number {
  const logp = new Float64Array((z.length / d) * mixture.weights.length);
  componentLogDensities(z, d, mixture, logp);
  return normaliseRows(logp, mixture.weights.length);
}

/** Options of `chooseLatentMixture`. */
export interface ChooseMixtureOptions {
  /** Component counts to try (default 10, 20, 50, 100, 200; those above the image count are skipped). */
  readonly candidates?: readonly number[];
  /** EM iterations per fit (default 100). */
  readonly iterations?: number;
  /** Seed of every fit (default 0). */
  readonly seed?: number;
}

/** The mixture `chooseLatentMixture` kept, its component count, and each candidate's validation log-likelihood. */
export interface ChosenMixture {
  readonly mixture: LatentMixture;
  readonly components: number;
  readonly byComponents: readonly { readonly components: number; readonly validationLogLikelihood: number }[];
}

/**
 * Fits a latent mixture to `images` for each candidate component count and keeps the one whose mixture gives
 * `validation`'s codes the highest log-likelihood (images the mixture was not fitted on: a validation split of the
 * training images, never the test set).
 */
export async function chooseLatentMixture(
  model: AecnnModel,
  images: tf.Tensor,
  validation: tf.Tensor,
  options: ChooseMixtureOptions = {},
): Promise<ChosenMixture> {
  const where = 'chooseLatentMixture';
  checkKeys(options, ['candidates', 'iterations', 'seed'], where);
  const all = options.candidates ?? [10, 20, 50, 100, 200];
  const candidates = all.filter((k) => checkInt(where, 'candidates', k) <= images.shape[0]!);
  if (candidates.length === 0) {
    throw new Error(
      `${where}: every candidate (${all.join(', ')}) has more components than the ${images.shape[0]} images`,
    );
  }
  // Both sets are encoded once; every candidate is fitted and scored on the same codes.
  const d = latentDimOf(model, where);
  const codes = await posteriorMeans(model, images, 256);
  const validationCodes = await posteriorMeans(model, validation, 256);
  const iterations = checkInt(where, 'iterations', options.iterations ?? 100);
  const seed = checkSeed(where, options.seed ?? 0);
  const fits = candidates.map((components) => {
    const mixture = fitMixture(codes, d, { components, iterations, seed });
    return { components, mixture, validationLogLikelihood: codesLogLikelihood(validationCodes, d, mixture) };
  });
  const best = fits.reduce((a, b) => (b.validationLogLikelihood > a.validationLogLikelihood ? b : a));
  return {
    mixture: best.mixture,
    components: best.components,
    byComponents: fits.map(({ components, validationLogLikelihood }) => ({
      components,
      validationLogLikelihood,
    })),
  };
}
