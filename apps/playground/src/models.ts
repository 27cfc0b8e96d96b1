import { type Head, type ModelOutput, namedParams } from '@aecnn/layers';
import {
  type AecnnModel,
  articleAutoencoder,
  articleCnn,
  articleFusion,
  autoencoder,
  cnn,
  fusion,
  unetDenoiser,
  vae,
} from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';

/** The model families the page trains. */
export type ModelKind = 'autoencoder' | 'cnn' | 'fusion' | 'vae' | 'unet';
/** The model kinds the page offers, in the picker's order. */
export const MODEL_KINDS: readonly ModelKind[] = ['fusion', 'autoencoder', 'cnn', 'vae', 'unet'];
/** The VAE latent sizes the page offers: 2 draws a plane, 16 is the library default. */
export const VAE_LATENTS: readonly number[] = [16, 2];
/** `small` trains fast even on software WebGL; `article` is the source article's layer choices, made to work. */
export type ModelSize = 'small' | 'article';

const INPUT = [28, 28, 1];

/** Builds a fresh model of `kind` and `size` for 28x28 digits, seeded; `latent` is the VAE's latent size. */
export function createModel(kind: ModelKind, size: ModelSize, seed: number, latent = 16): AecnnModel {
  if (!MODEL_KINDS.includes(kind)) {
    throw new Error(`Model: unknown model '${kind}'; expected one of ${MODEL_KINDS.join(', ')}`);
  }
  if (kind === 'vae') {
    if (!VAE_LATENTS.includes(latent)) {
      throw new Error(`Latent size: expected one of ${VAE_LATENTS.join(', ')}, got ${latent}`);
    }
    // NOTE: small halves the library's default filters [32, 64], as the small autoencoder does.
    const filters = size === 'small' ? [16, 32] : [32, 64];
    return vae({ inputShape: INPUT, latentDim: latent, filters, seed }).model;
  }
  if (kind === 'unet')
    return unetDenoiser({ inputShape: INPUT, depth: 2, filters: size === 'small' ? 8 : 16, seed }).model;
  if (size === 'article') {
    if (kind === 'autoencoder') return articleAutoencoder({ seed }).model;
    if (kind === 'cnn') return articleCnn({ seed }).model;
    return articleFusion({ seed }).model;
  }
  if (kind === 'autoencoder') {
    return autoencoder({ inputShape: INPUT, latentDim: 16, kind: 'conv', filters: [16, 32], seed }).model;
  }
  if (kind === 'cnn') {
    return cnn({
      inputShape: INPUT,
      classes: 10,
      blocks: [{ filters: 16 }, { filters: 32 }],
      dense: [64],
      seed,
    }).model;
  }
  return fusion({ inputShape: INPUT, latentDim: 16, classes: 10, filters: [16, 32], hidden: [64], seed })
    .model;
}

/** Frees a model's weights (every Variable of its modules, shared ones once). */
export function disposeModel(model: AecnnModel): void {
  for (const v of new Set(namedParams(model.modules).values())) v.dispose();
}

/**
 * Runs the model in inference mode on `x` (made and freed inside one tidy) for the wanted heads that the model
 * has; the caller disposes the outputs.
 */
export function infer(model: AecnnModel, x: () => tf.Tensor, wanted: readonly Head[]): ModelOutput {
  const heads = wanted.filter((h) => model.outputNames.includes(h));
  if (heads.length === 0) return {};
  // NOTE: ModelOutput has optional fields, which tidy's TensorContainer type does not allow; the cast is safe.
  return tf.tidy(
    () => model.forward(x(), { training: false }, heads) as tf.TensorContainerObject,
  ) as ModelOutput;
}

/** Disposes every tensor of a model output. */
export function disposeOutput(o: ModelOutput): void {
  tf.dispose(Object.values(o));
}

/** True for a model built by `vae` (it has the posterior's `mean` and the added `kl` term). */
export function isVae(model: AecnnModel | null): model is AecnnModel {
  return model?.outputNames.includes('mean') === true && model.lossNames.includes('kl');
}
