import { checkIntList, checkKeys, type LayerSpec, type Module, type Shape } from '@aecnn/layers';
import {
  type ConvCoderOptions,
  convCoderSizes,
  convDecoderSpec,
  convEncoderSpec,
  type DownsampleMode,
  type LatentActivation,
  resolveConvStages,
  resolveLatentActivation,
} from './conv-coder';
import { type DenseCoderOptions, denseDecoderSpec, denseEncoderSpec } from './dense-coder';
import { type AecnnModel, buildModelGraph, modelInput } from './model';
import {
  checkInputShape,
  checkLatentDim,
  checkNonNegative,
  checkOneOf,
  checkOutput,
  type OutputActivation,
  seedOption,
  type UpsampleMode,
} from './options';

/** Options of `autoencoder`. */
export interface AutoencoderOptions {
  /** Input shape without batch: [h, w, c] for `conv`, any shape for `dense`. */
  readonly inputShape: Shape;
  /** Size of the latent vector (default 32). */
  readonly latentDim?: number;
  /** `conv` (default): strided conv encoder, mirrored decoder. `dense`: fully connected. */
  readonly kind?: 'dense' | 'conv';
  /** `conv`: filters per downsampling stage (default [16, 32]); `dense`: hidden units (default [256]). */
  readonly filters?: readonly number[];
  /** `conv` only: square kernel size (default 3). */
  readonly kernelSize?: number;
  /** `conv` only: `stride` (default) or `maxpool` (valid conv + 2x2 pool, the article's layers). */
  readonly downsample?: DownsampleMode;
  /** `conv` only: how the decoder doubles its size: `transpose` (default) or `upsample` (nearest + conv). */
  readonly upsample?: UpsampleMode;
  /** Activation of the latent vector: `linear` (default) or `relu`. */
  readonly latentActivation?: LatentActivation;
  /** Standard deviation of the Gaussian noise added to the input in training (denoising autoencoder); 0 = off (default). */
  readonly denoising?: number;
  /** `sigmoid` (default) for data in [0, 1]; `linear` for standardised or unbounded data. */
  readonly output?: OutputActivation;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** The resolved JSON config of an autoencoder; `arch` holds the option `kind` (the config's `kind` names the model). */
export interface AutoencoderConfig {
  readonly kind: 'autoencoder';
  readonly arch: 'dense' | 'conv';
  readonly inputShape: number[];
  readonly latentDim: number;
  readonly filters: number[];
  readonly kernelSize?: number;
  readonly downsample?: DownsampleMode;
  readonly upsample?: UpsampleMode;
  readonly latentActivation: LatentActivation;
  readonly denoising: number;
  readonly output: OutputActivation;
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/** What `autoencoder` returns: the two halves (shared with the model) and the model. */
export interface Autoencoder {
  /** [b, ...inputShape] → [b, latentDim]. */
  readonly encoder: Module;
  /** [b, latentDim] → [b, ...inputShape]. */
  readonly decoder: Module;
  /** forward → { latent, reconstruction }. */
  readonly model: AecnnModel;
}

const KNOWN = [
  'inputShape',
  'latentDim',
  'kind',
  'filters',
  'kernelSize',
  'downsample',
  'upsample',
  'latentActivation',
  'denoising',
  'output',
  'seed',
] as const;
const CONV_ONLY = ['kernelSize', 'downsample', 'upsample'] as const;

/** Checks autoencoder options and fills in defaults; throws naming the bad option. */
export function resolveAutoencoder(options: AutoencoderOptions, where = 'autoencoder'): AutoencoderConfig {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const arch = checkOneOf(where, 'kind', options.kind ?? 'conv', ['conv', 'dense'] as const);
  const common = {
    kind: 'autoencoder' as const,
    arch,
    inputShape: checkInputShape(where, options.inputShape, arch === 'conv' ? 3 : undefined),
    latentDim: checkLatentDim(where, options.latentDim ?? 32),
    ...resolveCoderHeads(where, options),
  };
  if (arch === 'dense') {
    for (const key of CONV_ONLY) {
      if (options[key] !== undefined)
        throw new Error(`${where}: ${key} only applies to kind 'conv', got kind 'dense'`);
    }
    return { ...common, filters: checkIntList(where, 'filters', options.filters ?? [256], 1, true) };
  }
  const config: AutoencoderConfig = { ...common, ...resolveConvStages(where, options) };
  convCoderSizes(where, convCoderOptions(config));
  return config;
}

/** The options an autoencoder and a fusion model share past their encoder: latent activation, denoising, output, seed. */
export function resolveCoderHeads(
  where: string,
  options: Pick<AutoencoderOptions, 'latentActivation' | 'denoising' | 'output' | 'seed'>,
) {
  return {
    latentActivation: resolveLatentActivation(where, options.latentActivation),
    denoising: checkNonNegative(where, 'denoising', options.denoising ?? 0),
    output: checkOutput(where, options.output),
    ...seedOption(where, options.seed),
  };
}

/** The conv encoder/decoder options of a resolved conv config (autoencoder or fusion). */
export function convCoderOptions(c: {
  inputShape: readonly number[];
  filters: readonly number[];
  kernelSize?: number;
  downsample?: DownsampleMode;
  upsample?: UpsampleMode;
  latentDim: number;
  latentActivation: LatentActivation;
  output: OutputActivation;
}): ConvCoderOptions {
  return {
    inputShape: c.inputShape as unknown as readonly [number, number, number],
    filters: c.filters,
    kernelSize: c.kernelSize ?? 3,
    downsample: c.downsample ?? 'stride',
    upsample: c.upsample ?? 'transpose',
    latentDim: c.latentDim,
    latentActivation: c.latentActivation,
    output: c.output,
  };
}

/** Seed of a module built apart from a model's graph (featureAutoencoder's extractor), distinct from the graph's. */
export function moduleSeed(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : seed + index * 7919;
}

/** The encoder and decoder specs of a resolved autoencoder config. */
export function coderSpecs(where: string, c: AutoencoderConfig): { encoder: LayerSpec; decoder: LayerSpec } {
  if (c.arch === 'dense') {
    const o: DenseCoderOptions = {
      inputShape: c.inputShape,
      units: c.filters,
      latentDim: c.latentDim,
      output: c.output,
    };
    return { encoder: denseEncoderSpec(o), decoder: denseDecoderSpec(o) };
  }
  const o = convCoderOptions(c);
  return { encoder: convEncoderSpec(o), decoder: convDecoderSpec(where, o) };
}

/** The autoencoder graph of a resolved config over `inputShape`: image (→ noise) → encoder → latent → decoder. */
export function autoencoderGraph(where: string, kind: string, c: AutoencoderConfig): AecnnModel {
  const specs = coderSpecs(where, c);
  const { image, encoderInput } = modelInput(c.inputShape, c.denoising, c.output);
  const latent = specs.encoder.apply(encoderInput);
  const reconstruction = specs.decoder.apply(latent);
  return buildModelGraph(kind, image, { latent, reconstruction }, c.seed);
}

/**
 * An autoencoder: `{ encoder, decoder, model }`; `model.forward(x)` → `{ latent, reconstruction }` with the
 * reconstruction exactly the input's shape; `model` is a graph (layers' GraphModule) whose nodes are `encoder`
 * and `decoder` (and `noise` with `denoising`). Example: `autoencoder({ inputShape: [28, 28, 1], latentDim: 32 })`.
 */
export function autoencoder(options: AutoencoderOptions): Autoencoder {
  const config = resolveAutoencoder(options);
  const model = autoencoderGraph('autoencoder', 'autoencoder', config);
  return { encoder: model.modules.encoder!, decoder: model.modules.decoder!, model };
}
