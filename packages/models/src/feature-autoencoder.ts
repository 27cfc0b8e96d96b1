import {
  build,
  checkInt,
  checkKeys,
  conv2d,
  freeze,
  type Module,
  maxPool2d,
  optionError,
  paramCount,
  type Shape,
  sequential,
  summary,
} from '@aecnn/layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { autoencoderGraph, moduleSeed, resolveAutoencoder } from './autoencoder';
import type { DownsampleMode, LatentActivation } from './conv-coder';
import type { AecnnModel } from './model';
import { checkInputShape, checkKernelFits, type OutputActivation, type UpsampleMode } from './options';
import { windowOutputSize } from './shapes';

/** The conv feature extractor in front of a feature autoencoder (the article's Conv2D 32 3x3 relu + MaxPool 2). */
export interface FeatureOptions {
  /** Filters of the conv (default 32). */
  readonly filters?: number;
  /** Square kernel, `valid` padding (default 3). */
  readonly kernelSize?: number;
  /** Max-pooling window (default 2; 1 = none). */
  readonly pool?: number;
}

/** Options of `featureAutoencoder`. */
export interface FeatureAutoencoderOptions {
  /** Image shape [height, width, channels] without batch (default [28, 28, 1]). */
  readonly inputShape?: Shape;
  /** The feature extractor (default { filters: 32, kernelSize: 3, pool: 2 }: 28x28x1 → 13x13x32). */
  readonly features?: FeatureOptions;
  /** Latent size (default 32). */
  readonly latentDim?: number;
  /** Filters per stride-2 stage of the autoencoder over the feature maps (default [64]). */
  readonly filters?: readonly number[];
  /** Kernel of the autoencoder's convs (default 3). */
  readonly kernelSize?: number;
  /** Downsampling of the autoencoder over the feature maps (default `stride`). */
  readonly downsample?: DownsampleMode;
  /** `transpose` (default) or `upsample`. */
  readonly upsample?: UpsampleMode;
  /** Latent activation (default `linear`). */
  readonly latentActivation?: LatentActivation;
  /** Input noise stddev in training (default 0). */
  readonly denoising?: number;
  /** Output activation (default `linear`: relu feature maps are not bounded by 1). */
  readonly output?: OutputActivation;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** Resolved JSON config of a feature autoencoder. */
export interface FeatureAutoencoderConfig {
  readonly kind: 'featureAutoencoder';
  readonly inputShape: number[];
  readonly features: Required<FeatureOptions>;
  readonly latentDim: number;
  readonly filters: number[];
  readonly kernelSize: number;
  readonly downsample: DownsampleMode;
  readonly upsample: UpsampleMode;
  readonly latentActivation: LatentActivation;
  readonly denoising: number;
  readonly output: OutputActivation;
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/** A model over feature maps, plus the extractor that makes them from images. */
export interface FeatureAutoencoderModel extends AecnnModel {
  /** The conv feature extractor: [b, ...imageShape] → [b, ...featureShape] (the model's inputShape). */
  readonly features: Module;
  /** Feature maps of a batch of images, to feed `forward` (inference mode; the extractor is frozen). */
  extract(images: Tensor): Tensor;
}

/** What `featureAutoencoder` returns. */
export interface FeatureAutoencoder {
  readonly features: Module;
  readonly encoder: Module;
  readonly decoder: Module;
  readonly model: FeatureAutoencoderModel;
}

const KNOWN = [
  'inputShape',
  'features',
  'latentDim',
  'filters',
  'kernelSize',
  'downsample',
  'upsample',
  'latentActivation',
  'denoising',
  'output',
  'seed',
] as const;

/** Checks feature-autoencoder options and fills in defaults; returns the config and the feature-map shape. */
export function resolveFeatureAutoencoder(
  options: FeatureAutoencoderOptions = {},
  where = 'featureAutoencoder',
): { config: FeatureAutoencoderConfig; featureShape: number[] } {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const inputShape = checkInputShape(where, options.inputShape ?? [28, 28, 1], 3);
  const f = options.features ?? {};
  if (f == null || typeof f !== 'object')
    throw optionError(where, 'features', 'an object like { filters: 32 }', f);
  checkKeys(f, ['filters', 'kernelSize', 'pool'], `${where} features`);
  const features = {
    filters: checkInt(`${where} features`, 'filters', f.filters ?? 32),
    kernelSize: checkInt(`${where} features`, 'kernelSize', f.kernelSize ?? 3),
    pool: checkInt(`${where} features`, 'pool', f.pool ?? 2),
  };
  checkKernelFits(where, features.kernelSize, inputShape, 'the feature conv');
  const conv = inputShape.slice(0, 2).map((n) => windowOutputSize(n, features.kernelSize, 1, 'valid'));
  if (conv.some((n) => n < features.pool)) {
    throw new Error(
      `${where}: features.pool ${features.pool} is larger than the ${conv[0]}x${conv[1]} conv output`,
    );
  }
  const featureShape = [...conv.map((n) => Math.floor(n / features.pool)), features.filters];
  const {
    kind: _kind,
    arch: _arch,
    inputShape: _shape,
    ...coder
  } = resolveAutoencoder(
    {
      inputShape: featureShape,
      kind: 'conv',
      latentDim: options.latentDim ?? 32,
      filters: options.filters ?? [64],
      kernelSize: options.kernelSize ?? 3,
      downsample: options.downsample ?? 'stride',
      upsample: options.upsample ?? 'transpose',
      latentActivation: options.latentActivation ?? 'linear',
      denoising: options.denoising ?? 0,
      output: options.output ?? 'linear',
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
    `${where} (over ${featureShape.join('x')} feature maps)`,
  );
  const config = { kind: 'featureAutoencoder', inputShape, features, ...coder } as FeatureAutoencoderConfig;
  return { config, featureShape };
}

/**
 * The article's section 3.3: an autoencoder over conv feature maps. `features` turns images into maps
 * (28x28x1 → 13x13x32 by default); the model encodes and reconstructs those maps, so its inputShape is the
 * feature-map shape: `model.forward(model.extract(images), ctx)` → `{ latent, reconstruction }`.
 * `features` is frozen and sits in `model.modules` (paths `features/conv1/kernel`), so it is saved and loaded
 * with the model but never trained by it; copy a trained CNN's first conv into it with layers' setWeights.
 */
export function featureAutoencoder(options: FeatureAutoencoderOptions = {}): FeatureAutoencoder {
  const { config, featureShape } = resolveFeatureAutoencoder(options);
  const f = config.features;
  const features = build(
    sequential(
      [
        conv2d({
          filters: f.filters,
          kernelSize: f.kernelSize,
          padding: 'valid',
          activation: 'relu',
          name: 'conv1',
        }),
        ...(f.pool > 1 ? [maxPool2d({ poolSize: f.pool, name: 'pool1' })] : []),
      ],
      { name: 'features' },
    ),
    config.inputShape,
    { seed: moduleSeed(config.seed, 3), name: 'features' },
  );
  // NOTE: frozen, because the model's loss (reconstructing the maps) would otherwise reward an extractor
  // that outputs nothing.
  freeze(features);
  const graph = autoencoderGraph('featureAutoencoder', 'featureAutoencoder', {
    ...config,
    kind: 'autoencoder',
    arch: 'conv',
    inputShape: featureShape,
  });
  const modules = Object.freeze({ features, ...graph.modules });
  // NOTE: the extractor sits beside the graph (the model's input is the maps), so the config is the factory's:
  // buildModel rebuilds both from it, and graph-only tools (interop) see the maps' autoencoder.
  const model: FeatureAutoencoderModel = {
    ...graph,
    config: Object.freeze(config),
    modules,
    features,
    extract: (images) => features.apply(images, { training: false }),
    summary: () => `${summary({ features })}\n${graph.summary()}`,
    paramCount: () => paramCount(modules),
  };
  return { features, encoder: graph.modules.encoder!, decoder: graph.modules.decoder!, model };
}
