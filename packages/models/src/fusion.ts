import { checkIntList, checkKeys, checkRate, type Module, type Shape } from '@aecnn/layers';
import { convCoderOptions, resolveCoderHeads } from './autoencoder';
import { classifierSpec } from './cnn';
import {
  convCoderSizes,
  convDecoderSpec,
  convEncoderSpec,
  type DownsampleMode,
  type LatentActivation,
  resolveConvStages,
} from './conv-coder';
import { type AecnnModel, buildModelGraph, modelInput } from './model';
import {
  checkClasses,
  checkInputShape,
  checkLatentDim,
  type OutputActivation,
  type UpsampleMode,
} from './options';

/** Options of `fusion`. Defaults give a small, fast model for MNIST-sized inputs. */
export interface FusionOptions {
  /** [height, width, channels] without batch. */
  readonly inputShape: Shape;
  /** Size of the shared latent vector (default 32). */
  readonly latentDim?: number;
  /** Number of classes (default 10). */
  readonly classes?: number;
  /** Encoder filters per downsampling stage (default [16, 32]); the decoder mirrors them. */
  readonly filters?: readonly number[];
  /** Square kernel size (default 3). */
  readonly kernelSize?: number;
  /** `stride` (default) or `maxpool` (valid conv + 2x2 pool, the article's layers). */
  readonly downsample?: DownsampleMode;
  /** `transpose` (default) or `upsample` (nearest + conv). */
  readonly upsample?: UpsampleMode;
  /** Activation of the latent vector: `linear` (default) or `relu`. */
  readonly latentActivation?: LatentActivation;
  /** Hidden units of the classifier head on the latent (default [64]; [] = a linear head). */
  readonly hidden?: readonly number[];
  /** Dropout rate at the classifier head's input (default 0.2). */
  readonly dropout?: number;
  /** Noise stddev added to the input in training (default 0 = off). */
  readonly denoising?: number;
  /** `sigmoid` (default) for data in [0, 1]; `linear` otherwise. */
  readonly output?: OutputActivation;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** Resolved JSON config of a fusion model. */
export interface FusionConfig {
  readonly kind: 'fusion';
  readonly inputShape: number[];
  readonly latentDim: number;
  readonly classes: number;
  readonly filters: number[];
  readonly kernelSize: number;
  readonly downsample: DownsampleMode;
  readonly upsample: UpsampleMode;
  readonly latentActivation: LatentActivation;
  readonly hidden: number[];
  readonly dropout: number;
  readonly denoising: number;
  readonly output: OutputActivation;
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/** What `fusion` returns: the three shared modules and the model. */
export interface Fusion {
  /** [b, h, w, c] → [b, latentDim]; the one encoder both heads read. */
  readonly encoder: Module;
  /** [b, latentDim] → [b, h, w, c]. */
  readonly decoder: Module;
  /** [b, latentDim] → [b, classes] logits. */
  readonly classifier: Module;
  /** forward → { latent, reconstruction, logits }; `heads` picks a subset. */
  readonly model: AecnnModel;
}

const KNOWN = [
  'inputShape',
  'latentDim',
  'classes',
  'filters',
  'kernelSize',
  'downsample',
  'upsample',
  'latentActivation',
  'hidden',
  'dropout',
  'denoising',
  'output',
  'seed',
] as const;

/** Checks fusion options and fills in defaults; throws naming the bad option. */
export function resolveFusion(options: FusionOptions, where = 'fusion'): FusionConfig {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const config: FusionConfig = {
    kind: 'fusion',
    inputShape: checkInputShape(where, options.inputShape, 3),
    latentDim: checkLatentDim(where, options.latentDim ?? 32),
    classes: checkClasses(where, options.classes ?? 10),
    ...resolveConvStages(where, options),
    hidden: checkIntList(where, 'hidden', options.hidden ?? [64], 1, true),
    dropout: checkRate(where, 'dropout', options.dropout ?? 0.2),
    ...resolveCoderHeads(where, options),
  };
  convCoderSizes(where, convCoderOptions(config));
  return config;
}

/**
 * Autoencoder and classifier fused on one latent: a conv encoder feeds both a decoder (reconstruction) and a
 * classifier (logits from the latent, never from the reconstruction); both heads read the same Variables.
 * `model.forward(x, ctx)` → `{ latent, reconstruction, logits }`; `forward(x, ctx, ['logits'])` runs one head.
 * Example: `fusion({ inputShape: [28, 28, 1], latentDim: 32, classes: 10 })`.
 */
export function fusion(options: FusionOptions): Fusion {
  const config = resolveFusion(options);
  const coder = convCoderOptions(config);
  // One encoder pass feeds both heads; with denoising the noise also regularises the classifier in training.
  const { image, encoderInput } = modelInput(config.inputShape, config.denoising, config.output);
  const latent = convEncoderSpec(coder).apply(encoderInput);
  const reconstruction = convDecoderSpec('fusion', coder).apply(latent);
  const logits = classifierSpec(config.classes, config.hidden, config.dropout).apply(latent);
  const model = buildModelGraph('fusion', image, { latent, reconstruction, logits }, config.seed);
  const { encoder, decoder, classifier } = model.modules as Record<string, Module>;
  return { encoder: encoder!, decoder: decoder!, classifier: classifier!, model };
}
