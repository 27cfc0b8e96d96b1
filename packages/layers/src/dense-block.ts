import { activation } from './activation';
import type { ActivationName } from './activations';
import { ACTIVATIONS } from './activations';
import { batchNorm } from './batch-norm';
import { block, type NormName } from './block';
import { dense } from './dense';
import { dropout } from './dropout';
import { checkKeys, toChoice, toInt, toRate } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';

/** Options of `denseBlock`. */
export interface DenseBlockOptions extends NameOption {
  /** Output features. */
  units: number;
  /** 'batch' adds batchNorm after the dense layer (whose bias is then dropped); default 'none'. */
  norm?: NormName;
  /** Activation; default 'relu'. */
  act?: ActivationName;
  /** Dropout rate at the end; default 0 (none). */
  dropout?: number;
}

const KIND = 'denseBlock';

/**
 * dense → [batchNorm] → activation → [dropout]: [batch, features] → [batch, units].
 * Children: dense, norm, act, dropout (those used). Without norm, the activation is fused into the dense layer.
 * @example denseBlock({ units: 64 }) // 5408 → 64, relu: 346,176 params
 */
export function denseBlock(options: DenseBlockOptions): LayerSpec<DenseBlockOptions> {
  checkKeys(options, ['units', 'norm', 'act', 'dropout', 'name'], KIND);
  const name = checkName(options.name, KIND);
  const o: Required<Omit<DenseBlockOptions, 'name'>> & NameOption = {
    units: toInt(options.units, 'units', KIND),
    norm: toChoice(options.norm ?? 'none', ['batch', 'none'], 'norm', KIND),
    act: toChoice(options.act ?? 'relu', ACTIVATIONS, 'act', KIND),
    dropout: toRate(options.dropout ?? 0, 'dropout', KIND),
    ...(name ? { name } : {}),
  };
  const bn = o.norm === 'batch';
  const layers: Array<[string, LayerSpec]> = [
    ['dense', dense({ units: o.units, activation: bn ? 'linear' : o.act, useBias: !bn })],
  ];
  if (bn) layers.push(['norm', batchNorm()], ['act', activation({ fn: o.act })]);
  if (o.dropout > 0) layers.push(['dropout', dropout({ rate: o.dropout })]);
  return block(KIND, o, layers);
}
