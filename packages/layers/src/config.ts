import { activation, migrateActivationConfig } from './activation';
import { batchNorm } from './batch-norm';
import { migrateBlockConfig } from './block';
import { type BuildOptions, build } from './build';
import { convBlock } from './conv-block';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2d-transpose';
import { cropping2d, zeroPadding2d } from './crop-pad';
import { deconvBlock } from './deconv-block';
import { dense } from './dense';
import { denseBlock } from './dense-block';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { gaussianNoise } from './gaussian-noise';
import { graphFromConfig } from './graph-config';
import type { NodeSpec } from './graph-types';
import { add, average, concatenate, multiply, subtract } from './merge';
import type { Module, ModuleConfig, Shape } from './module';
import { avgPool2d, maxPool2d } from './pool2d';
import { reshape } from './reshape';
import { sequential } from './sequential';
import { checkKeys } from './shape';
import type { LayerSpec } from './spec';
import { upSampling2d } from './up-sampling2d';

/** Makes a layer spec from a config's options (the config without `kind`). */
export type LayerFactory = (options: never) => NodeSpec;

/** The layer kinds this package rebuilds from config, by kind. `sequential` and `graph` are handled apart (nested configs). */
export const LAYER_FACTORIES: Readonly<Record<string, LayerFactory>> = Object.freeze<
  Record<string, LayerFactory>
>({
  dense: dense,
  conv2d: conv2d,
  conv2dTranspose: conv2dTranspose,
  maxPool2d: maxPool2d,
  avgPool2d: avgPool2d,
  upSampling2d: upSampling2d,
  flatten: flatten,
  reshape: reshape,
  dropout: dropout,
  gaussianNoise: gaussianNoise,
  batchNorm: batchNorm,
  activation: activation,
  convBlock: convBlock,
  deconvBlock: deconvBlock,
  denseBlock: denseBlock,
  add: add,
  subtract: subtract,
  multiply: multiply,
  average: average,
  concatenate: concatenate,
  cropping2d: cropping2d,
  zeroPadding2d: zeroPadding2d,
});

/** Options of fromConfig / specFromConfig. */
export interface FromConfigOptions extends BuildOptions {
  /** Extra layer kinds (another package's layers), by kind; they take precedence over the built-in ones. */
  kinds?: Readonly<Record<string, LayerFactory>>;
}

/** The JSON config of a module: `{ kind, ...factory options }`, sequential with its `layers`; a deep copy. */
export function toConfig(module: Module): ModuleConfig {
  return JSON.parse(JSON.stringify(module.config)) as ModuleConfig;
}

/** The layer spec a config describes (not built). Throws naming the unknown kind and the known ones. */
export function specFromConfig(
  config: ModuleConfig,
  kinds: Readonly<Record<string, LayerFactory>> = {},
): NodeSpec {
  if (config == null || typeof config !== 'object' || typeof config.kind !== 'string') {
    throw new Error(
      `fromConfig: expected a config object with a string 'kind', got ${JSON.stringify(config)}`,
    );
  }
  if (config.kind === 'graph' && !kinds.graph)
    return graphFromConfig(config, (c) => specFromConfig(c, kinds));
  const { kind, ...options } = kinds[config.kind]
    ? config
    : migrateActivationConfig(migrateBlockConfig(config));
  if (kind === 'sequential' && !kinds.sequential) {
    const { layers, ...rest } = options as { layers?: unknown };
    if (!Array.isArray(layers)) throw new Error("fromConfig: a sequential config needs a 'layers' list");
    return sequential(
      layers.map((c) => specFromConfig(c as ModuleConfig, kinds) as LayerSpec),
      rest,
    );
  }
  const factory = kinds[kind] ?? LAYER_FACTORIES[kind];
  if (!factory) {
    const known = ['sequential', 'graph', ...Object.keys(LAYER_FACTORIES), ...Object.keys(kinds)];
    throw new Error(
      `fromConfig: unknown layer kind '${kind}'; known kinds: ${known.join(', ')} (pass others in options.kinds)`,
    );
  }
  return factory(options as never);
}

/**
 * Rebuilds a module from its config (as `toConfig` gives) for an input shape. Weights are fresh (seeded);
 * load trained ones with setWeights or loadModule.
 * @example const copy = fromConfig(toConfig(model), model.inputShape, { seed: 1 });
 */
export function fromConfig(config: ModuleConfig, inputShape: Shape, options: FromConfigOptions = {}): Module {
  checkKeys(options, ['kinds', 'seed', 'name'], 'fromConfig');
  const { kinds, ...buildOptions } = options;
  return build(specFromConfig(config, kinds), inputShape, buildOptions);
}
