import { build, checkKeys, type GraphSpec, type ModelConfig, specFromConfig } from '@aecnn/layers';
import { type AutoencoderOptions, autoencoder } from './autoencoder';
import { type CnnOptions, cnn } from './cnn';
import { type FeatureAutoencoderOptions, featureAutoencoder } from './feature-autoencoder';
import { type FusionOptions, fusion } from './fusion';
import type { AecnnModel } from './model';
import { MODEL_LAYER_KINDS } from './vae-layers';

// Factory configs: what the models of earlier versions saved, and featureAutoencoder's (its extractor sits
// beside the graph). Every other model's config is its graph.
type Builder = (config: Record<string, unknown>, seed: number | undefined) => AecnnModel;

const BUILDERS: Readonly<Record<string, Builder>> = Object.freeze<Record<string, Builder>>({
  graph: (config, seed) =>
    build(
      specFromConfig(config as ModelConfig, MODEL_LAYER_KINDS) as GraphSpec,
      seed === undefined ? {} : { seed },
    ),
  autoencoder: ({ kind: _kind, arch, ...rest }) =>
    autoencoder({ ...(rest as object), kind: arch } as AutoencoderOptions).model,
  cnn: ({ kind: _kind, ...rest }) => cnn(rest as unknown as CnnOptions).model,
  fusion: ({ kind: _kind, ...rest }) => fusion(rest as unknown as FusionOptions).model,
  featureAutoencoder: ({ kind: _kind, ...rest }) =>
    featureAutoencoder(rest as FeatureAutoencoderOptions).model,
});

/** The model config kinds `buildModel` can rebuild (`graph`, and the factory configs). */
export const MODEL_KINDS: readonly string[] = Object.freeze(Object.keys(BUILDERS));

/** Options of `buildModel`. */
export interface BuildModelOptions {
  /** Seed of a graph config's fresh weights (a factory config carries its own `seed`); default random. */
  readonly seed?: number;
}

/**
 * Rebuilds a model from its `config` JSON (`model.config`, e.g. read back from a saved run): same graph, same
 * parameter paths and shapes. Weights are fresh (seeded by `seed`); load trained ones afterwards.
 */
export function buildModel(config: ModelConfig, options: BuildModelOptions = {}): AecnnModel {
  checkKeys(options, ['seed'], 'buildModel');
  if (config == null || typeof config !== 'object' || typeof config.kind !== 'string') {
    throw new Error(`buildModel: expected a model config { kind, ... }, got ${JSON.stringify(config)}`);
  }
  const builder = BUILDERS[config.kind];
  if (!builder) {
    throw new Error(
      `buildModel: unknown model kind ${JSON.stringify(config.kind)}; expected one of ${MODEL_KINDS.join(', ')}`,
    );
  }
  return builder(config as Record<string, unknown>, options.seed);
}
