import type { ModuleConfig } from './module';
import { buildChainModule, chainOutputShape } from './sequential';
import { type LayerSpec, layer, type NameOption, type SpecParts } from './spec';

/**
 * A named chain of layers with its own kind and config (the block's options, not its layers), so that
 * `fromConfig` rebuilds it from the block factory. Children are named by role: conv, norm, act, pool, dropout.
 */
export function block<O extends NameOption>(
  kind: string,
  options: O,
  layers: ReadonlyArray<readonly [string, SpecParts]>,
): LayerSpec<O> {
  const names = layers.map(([n]) => n);
  const specs = layers.map(([, s]) => s);
  return layer<O>({
    kind,
    options,
    outputShape: (inputShape) => chainOutputShape(specs, inputShape),
    build: (inputShape, ctx) =>
      buildChainModule(kind, { kind, ...options } as unknown as ModuleConfig, specs, names, inputShape, ctx),
  });
}

/** Normalisation choices of the blocks. */
export type NormName = 'batch' | 'none';

/** Pooling of a conv block: a max-pool size, or kind and size. */
export type PoolOption = number | { type: 'max' | 'avg'; size: number };
