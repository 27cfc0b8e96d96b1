import { activation } from './activation';
import { ACTIVATIONS, type ActivationName } from './activations';
import { block, checkBlockKeys, type NormOption, normLayer, type PoolOption } from './block';
import type { Padding } from './conv-shape';
import { conv2d } from './conv2d';
import { dropout } from './dropout';
import { avgPool2d, maxPool2d } from './pool2d';
import { checkKeys, toChoice } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';
import { checkInt, checkRate } from './validate';

/** Options of `convBlock`. */
export interface ConvBlockOptions extends NameOption {
  /** Output channels of the conv. */
  filters: number;
  /** Square kernel size. */
  kernelSize: number;
  /** Conv stride (default 1). */
  strides?: number;
  /** Conv padding (default 'valid', as Keras's Conv2D and the article). */
  padding?: Padding;
  /** 'batch' (or { type: 'batch', momentum?, epsilon? }) adds batchNorm after the conv (whose bias is then dropped); default 'none'. */
  norm?: NormOption;
  /** Activation after conv (and norm); default 'relu'. */
  activation?: ActivationName;
  /** Pooling after the activation: a max-pool size, or { type: 'max' | 'avg', size }; default none. */
  pool?: PoolOption;
  /** Dropout rate at the end; default 0 (none). */
  dropout?: number;
}

const KIND = 'convBlock';
const KEYS = ['filters', 'kernelSize', 'strides', 'padding', 'norm', 'activation', 'pool', 'dropout', 'name'];

/** Checks a pool option and returns the pool layer it asks for, if any. */
export function poolLayer(pool: PoolOption | undefined, kind: string): LayerSpec | undefined {
  if (pool === undefined) return undefined;
  if (typeof pool === 'number') return maxPool2d({ poolSize: checkInt(kind, 'pool', pool) });
  if (pool == null || typeof pool !== 'object') {
    throw new Error(
      `${kind}: pool must be a size or { type: 'max' | 'avg', size }, got ${JSON.stringify(pool)}`,
    );
  }
  checkKeys(pool, ['type', 'size'], `${kind} pool`);
  const type = toChoice(pool.type, ['max', 'avg'], 'pool.type', kind);
  const poolSize = checkInt(kind, 'pool.size', pool.size);
  return type === 'max' ? maxPool2d({ poolSize }) : avgPool2d({ poolSize });
}

/**
 * conv2d → [batchNorm] → activation → [pool] → [dropout]: [batch, h, w, c] → [batch, h', w', filters].
 * Children: conv, norm, act, pool, dropout (those used). Without norm, the activation is fused into the conv.
 * @example convBlock({ filters: 32, kernelSize: 3, pool: 2 }) // 28x28x1 → conv 26x26x32 → pool 13x13x32
 */
export function convBlock(options: ConvBlockOptions): LayerSpec<ConvBlockOptions> {
  checkBlockKeys(options, KEYS, KIND);
  const name = checkName(options.name, KIND);
  const { norm, layer: bn } = normLayer(options.norm, KIND);
  const act = toChoice(options.activation ?? 'relu', ACTIVATIONS, 'activation', KIND);
  const o: ConvBlockOptions = {
    filters: checkInt(KIND, 'filters', options.filters),
    kernelSize: checkInt(KIND, 'kernelSize', options.kernelSize),
    strides: checkInt(KIND, 'strides', options.strides ?? 1),
    padding: toChoice<Padding>(options.padding ?? 'valid', ['same', 'valid'], 'padding', KIND),
    norm,
    activation: act,
    ...(options.pool !== undefined ? { pool: options.pool } : {}),
    dropout: checkRate(KIND, 'dropout', options.dropout ?? 0),
    ...(name ? { name } : {}),
  };
  const pool = poolLayer(options.pool, KIND);
  const layers: Array<[string, LayerSpec]> = [
    [
      'conv',
      conv2d({
        filters: o.filters,
        kernelSize: o.kernelSize,
        strides: o.strides,
        padding: o.padding,
        activation: bn ? 'linear' : act,
        useBias: !bn,
      }),
    ],
  ];
  if (bn) layers.push(['norm', bn], ['act', activation({ activation: act })]);
  if (pool) layers.push(['pool', pool]);
  if (o.dropout! > 0) layers.push(['dropout', dropout({ rate: o.dropout! })]);
  return block(KIND, o, layers);
}
