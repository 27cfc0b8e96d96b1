import { type BatchNormOptions, batchNorm } from './batch-norm';
import type { ModuleConfig } from './module';
import { buildChainModule, chainOutputShape } from './sequential';
import { checkKeys } from './shape';
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

/** Normalisation choices of the blocks by name. */
export type NormName = 'batch' | 'none';

/** Normalisation of a block: 'none', 'batch' (batchNorm's defaults), or batch norm with its momentum and epsilon. */
export type NormOption = NormName | ({ type: 'batch' } & Omit<BatchNormOptions, 'name'>);

/** Pooling of a conv block: a max-pool size, or kind and size. */
export type PoolOption = number | { type: 'max' | 'avg'; size: number };

/** Options of the blocks before the Keras naming (issue 19), by their new name; shared by the factories and fromConfig. */
export const RENAMED_BLOCK_OPTIONS: Readonly<Record<string, string>> = Object.freeze({
  kernel: 'kernelSize',
  stride: 'strides',
  act: 'activation',
});

/** Block kinds whose configs `migrateBlockConfig` renames. */
const BLOCK_KINDS = ['convBlock', 'deconvBlock', 'denseBlock'];

/** Checks a block's option keys: an old name says what it was renamed to, any other unknown key fails as usual. */
export function checkBlockKeys(options: object, known: readonly string[], kind: string): void {
  if (options != null && typeof options === 'object') {
    for (const key of Object.keys(options)) {
      const renamed = RENAMED_BLOCK_OPTIONS[key];
      if (renamed && known.includes(renamed)) {
        throw new Error(`${kind}: option '${key}' was renamed '${renamed}'`);
      }
    }
  }
  checkKeys(options, known, kind);
}

/**
 * A block config saved before the Keras naming, with `kernel` / `stride` / `act` renamed `kernelSize` / `strides` /
 * `activation`; any other config is returned as it is. Lets model.json files from older versions load.
 */
export function migrateBlockConfig(config: ModuleConfig): ModuleConfig {
  if (!BLOCK_KINDS.includes(config.kind)) return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const renamed = RENAMED_BLOCK_OPTIONS[key];
    out[renamed && !(renamed in config) ? renamed : key] = value;
  }
  return out as ModuleConfig;
}

/**
 * Checks a block's `norm` option; returns its normalised form (kept in the config) and the batchNorm it asks for.
 * 'batch' and `{ type: 'batch' }` build the same layer, so parameter names and counts do not depend on the form.
 */
export function normLayer(norm: unknown, kind: string): { norm: NormOption; layer?: LayerSpec } {
  if (norm === undefined || norm === 'none') return { norm: 'none' };
  if (norm === 'batch') return { norm, layer: batchNorm() };
  if (norm == null || typeof norm !== 'object' || Array.isArray(norm)) {
    throw new Error(
      `${kind}: norm must be 'batch', 'none' or { type: 'batch', momentum?, epsilon? }, got ${JSON.stringify(norm)}`,
    );
  }
  checkKeys(norm, ['type', 'momentum', 'epsilon'], `${kind} norm`);
  const { type, ...bn } = norm as { type?: unknown; momentum?: number; epsilon?: number };
  if (type !== 'batch') throw new Error(`${kind}: norm.type must be 'batch', got ${JSON.stringify(type)}`);
  const layer = batchNorm(bn);
  return { norm: { type: 'batch', ...bn }, layer };
}
