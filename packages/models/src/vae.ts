import {
  checkInt,
  checkIntList,
  checkKeys,
  dense,
  flatten,
  graph,
  input,
  type Module,
  type Shape,
} from '@aecnn/layers';
import { convCoderOptions } from './autoencoder';
import { convCoderSizes, convDecoderSpec, convStageSpecs } from './conv-coder';
import { type AecnnModel, buildModelGraph } from './model';
import { checkInputShape, checkLatentDim, seedOption } from './options';
import { checkBeta, vaeKl, vaeSample } from './vae-layers';

/** Options of `vae`. Defaults: latentDim 16, filters [32, 64], kernelSize 3, beta 1. */
export interface VaeOptions {
  /** [height, width, channels] without batch, images in [0, 1] (the decoder ends on a sigmoid). */
  readonly inputShape: Shape;
  /** Size of the latent vector (default 16). */
  readonly latentDim?: number;
  /** Filters per stride-2 encoder stage (default [32, 64]); the decoder mirrors them. */
  readonly filters?: readonly number[];
  /** Square kernel size (default 3). */
  readonly kernelSize?: number;
  /** Weight of the KL term (default 1; another value makes a beta-VAE). */
  readonly beta?: number;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** The resolved options of a VAE. */
export interface VaeConfig {
  readonly inputShape: number[];
  readonly latentDim: number;
  readonly filters: number[];
  readonly kernelSize: number;
  readonly beta: number;
  readonly seed?: number;
}

/** What `vae` returns: its encoder and decoder (shared with the model) and the model. */
export interface Vae {
  /** A graph [b, h, w, c] → { mean, logVar }, each [b, latentDim]. */
  readonly encoder: Module;
  /** [b, latentDim] → [b, h, w, c] pixel probabilities. */
  readonly decoder: Module;
  /** forward → { mean, logVar, latent, reconstruction, kl }. */
  readonly model: AecnnModel;
}

const KNOWN = ['inputShape', 'latentDim', 'filters', 'kernelSize', 'beta', 'seed'] as const;

/** Checks VAE options and fills in defaults; throws naming the bad option. */
export function resolveVae(options: VaeOptions, where = 'vae'): VaeConfig {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const config: VaeConfig = {
    inputShape: checkInputShape(where, options.inputShape, 3),
    latentDim: checkLatentDim(where, options.latentDim ?? 16),
    filters: checkIntList(where, 'filters', options.filters ?? [32, 64]),
    kernelSize: checkInt(where, 'kernelSize', options.kernelSize ?? 3),
    beta: checkBeta(where, options.beta ?? 1),
    ...seedOption(where, options.seed),
  };
  convCoderSizes(where, coderOptions(config));
  return config;
}

function coderOptions(c: VaeConfig) {
  return convCoderOptions({ ...c, latentActivation: 'linear', output: 'sigmoid' });
}

/**
 * A variational autoencoder for [h, w, c] images in [0, 1]: stride-2 conv encoder → `mean` and `logVar`
 * (linear heads, [b, latentDim]); `latent` = mean + exp(logVar / 2) * eps in training (eps seeded by the
 * forward `ctx.seed`), the mean at inference (pass `ctx.seed` at inference for a seeded sample); a mirrored
 * decoder → `reconstruction`, exactly the input's shape (pixel probabilities). The graph adds the loss term
 * `kl` = beta * KL(q(z|x) || N(0, I)) per image; train it with the reconstruction loss `'bceSum'` (fit's
 * default for a model with a `kl` term). Example: `vae({ inputShape: [28, 28, 1], latentDim: 16, seed: 1 })`.
 */
export function vae(options: VaeOptions): Vae {
  const c = resolveVae(options);
  const coder = coderOptions(c);
  const x = input(c.inputShape, { name: 'image' });
  const features = flatten({ name: 'flatten' }).apply(
    convStageSpecs(coder).reduce((h, stage) => stage.apply(h), x),
  );
  const heads = {
    mean: dense({ units: c.latentDim, name: 'mean' }).apply(features),
    logVar: dense({ units: c.latentDim, name: 'logVar' }).apply(features),
  };
  const encoder = graph({ inputs: x, outputs: heads, name: 'encoder' });

  const image = input(c.inputShape, { name: 'image' });
  const { mean, logVar } = encoder.apply(image);
  const latent = vaeSample({ name: 'sample' }).apply([mean, logVar]);
  const reconstruction = convDecoderSpec('vae', coder).apply(latent);
  const kl = vaeKl({ beta: c.beta, name: 'kl' }).apply([mean, logVar]);
  const model = buildModelGraph('vae', image, { mean, logVar, latent, reconstruction }, c.seed, { kl });
  const { encoder: e, decoder } = model.modules as Record<string, Module>;
  return { encoder: e!, decoder: decoder!, model };
}
