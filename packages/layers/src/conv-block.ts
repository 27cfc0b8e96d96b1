import { activation } from './activation';
import { ACTIVATIONS, type ActivationName } from './activations';
import { batchNorm } from './batch-norm';
import { block, type NormName, type PoolOption } from './block';
import type { Padding } from './conv-shape';
import { conv2d } from './conv2d';
import { dropout } from './dropout';
import { avgPool2d, maxPool2d } from './pool2d';
import { checkKeys, toChoice, toInt, toRate } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';

/** Options of `convBlock`. */
export interface ConvBlockOptions extends NameOption {
  /** Output channels of the conv. */
  filters: number;
  /** Square kernel size. */
  kernel: number;
  /** Conv stride (default 1). */
  stride?: number;
  /** Conv padding (default 'valid', as Keras's Conv2D and the article). */
  padding?: Padding;
  /** 'batch' adds batchNorm after the conv (whose bias is then dropped); default 'none'. */
  norm?: NormName;
  /** Activation after conv (and norm); default 'relu'. */
  act?: ActivationName;
  /** Pooling after the activation: a max-pool size, or { type: 'max' | 'avg', size }; default none. */
  pool?: PoolOption;
  /** Dropout rate at the end; default 0 (none). */
  dropout?: number;
}

const KIND = 'convBlock';

/** Checks a pool option and returns the pool layer it asks for, if any. */
export function poolLayer(pool: PoolOption | undefined, kind: string): LayerSpec | undefined {
  if (pool === undefined) return undefined;
  if (typeof pool === 'number') return maxPool2d({ poolSize: toInt(pool, 'pool', kind) });
  if (pool == null || typeof pool !== 'object') {
    throw new Error(
      `${kind}: pool must be a size or { type: 'max' | 'avg', size }, got ${JSON.stringify(pool)}`,
    );
  }
  checkKeys(pool, ['type', 'size'], `${kind} pool`);
  const type = toChoice(pool.type, ['max', 'avg'], 'pool.type', kind);
  const poolSize = toInt(pool.size, 'pool.size', kind);
  return type === 'max' ? maxPool2d({ poolSize }) : avgPool2d({ poolSize });
}

/**
 * conv2d → [batchNorm] → activation → [pool] → [dropout]: [batch, h, w, c] → [batch, h', w', filters].
 * Children: conv, norm, act, pool, dropout (those used). Without norm, the activation is fused into the conv.
 * @example convBlock({ filters: 32, kernel: 3, pool: 2 }) // 28x28x1 → conv 26x26x32 → pool 13x13x32
 */
export function convBlock(options: ConvBlockOptions): LayerSpec<ConvBlockOptions> {
  checkKeys(
    options,
    ['filters', 'kernel', 'stride', 'padding', 'norm', 'act', 'pool', 'dropout', 'name'],
    KIND,
  );
  const name = checkName(options.name, KIND);
  const norm = toChoice(options.norm ?? 'none', ['batch', 'none'], 'norm', KIND);
  const act = toChoice(options.act ?? 'relu', ACTIVATIONS, 'act', KIND);
  const o: ConvBlockOptions = {
    filters: toInt(options.filters, 'filters', KIND),
    kernel: toInt(options.kernel, 'kernel', KIND),
    stride: toInt(options.stride ?? 1, 'stride', KIND),
    padding: toChoice<Padding>(options.padding ?? 'valid', ['same', 'valid'], 'padding', KIND),
    norm,
    act,
    ...(options.pool !== undefined ? { pool: options.pool } : {}),
    dropout: toRate(options.dropout ?? 0, 'dropout', KIND),
    ...(name ? { name } : {}),
  };
  const pool = poolLayer(options.pool, KIND);
  const layers: Array<[string, LayerSpec]> = [
    [
      'conv',
      conv2d({
        filters: o.filters,
        kernelSize: o.kernel,
        strides: o.stride,
        padding: o.padding,
        activation: norm === 'batch' ? 'linear' : act,
        useBias: norm !== 'batch',
      }),
    ],
  ];
  if (norm === 'batch') layers.push(['norm', batchNorm()], ['act', activation({ fn: act })]);
  if (pool) layers.push(['pool', pool]);
  if (o.dropout! > 0) layers.push(['dropout', dropout({ rate: o.dropout! })]);
  return block(KIND, o, layers);
}
