import type { ModelConfig } from '@aecnn/layers';
import { type AutoencoderOptions, autoencoder } from './autoencoder';
import { type CnnOptions, cnn } from './cnn';
import { type FeatureAutoencoderOptions, featureAutoencoder } from './feature-autoencoder';
import { type FusionOptions, fusion } from './fusion';
import type { AecnnModel } from './model';

const BUILDERS: Readonly<Record<string, (config: Record<string, unknown>) => AecnnModel>> = Object.freeze({
  autoencoder: ({ kind: _kind, arch, ...rest }) =>
    autoencoder({ ...(rest as object), kind: arch } as AutoencoderOptions).model,
  cnn: ({ kind: _kind, ...rest }) => cnn(rest as unknown as CnnOptions).model,
  fusion: ({ kind: _kind, ...rest }) => fusion(rest as unknown as FusionOptions).model,
  featureAutoencoder: ({ kind: _kind, ...rest }) =>
    featureAutoencoder(rest as FeatureAutoencoderOptions).model,
});

/** The model kinds `buildModel` can rebuild. */
export const MODEL_KINDS: readonly string[] = Object.freeze(Object.keys(BUILDERS));

/**
 * Rebuilds a model from its `config` JSON (`model.config`, e.g. read back from a saved run): same architecture,
 * same parameter paths and shapes; the same seed gives the same initial weights. Load trained weights afterwards.
 */
export function buildModel(config: ModelConfig): AecnnModel {
  if (config == null || typeof config !== 'object' || typeof config.kind !== 'string') {
    throw new Error(`buildModel: expected a model config { kind, ... }, got ${JSON.stringify(config)}`);
  }
  const builder = BUILDERS[config.kind];
  if (!builder) {
    throw new Error(
      `buildModel: unknown model kind ${JSON.stringify(config.kind)}; expected one of ${MODEL_KINDS.join(', ')}`,
    );
  }
  return builder(config as Record<string, unknown>);
}
