import { activation } from './activation';
import type { ActivationName } from './activations';
import { ACTIVATIONS } from './activations';
import { block, checkBlockKeys, type NormOption, normLayer } from './block';
import { dense } from './dense';
import { dropout } from './dropout';
import { toChoice } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';
import { checkInt, checkRate } from './validate';

/** Options of `denseBlock`. */
export interface DenseBlockOptions extends NameOption {
  /** Output features. */
  units: number;
  /** 'batch' (or { type: 'batch', momentum?, epsilon? }) adds batchNorm after the dense layer (whose bias is then dropped); default 'none'. */
  norm?: NormOption;
  /** Activation; default 'relu'. */
  activation?: ActivationName;
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
  checkBlockKeys(options, ['units', 'norm', 'activation', 'dropout', 'name'], KIND);
  const name = checkName(options.name, KIND);
  const { norm, layer: bn } = normLayer(options.norm, KIND);
  const o: Required<Omit<DenseBlockOptions, 'name'>> & NameOption = {
    units: checkInt(KIND, 'units', options.units),
    norm,
    activation: toChoice(options.activation ?? 'relu', ACTIVATIONS, 'activation', KIND),
    dropout: checkRate(KIND, 'dropout', options.dropout ?? 0),
    ...(name ? { name } : {}),
  };
  const layers: Array<[string, LayerSpec]> = [
    ['dense', dense({ units: o.units, activation: bn ? 'linear' : o.activation, useBias: !bn })],
  ];
  if (bn) layers.push(['norm', bn], ['act', activation({ activation: o.activation })]);
  if (o.dropout > 0) layers.push(['dropout', dropout({ rate: o.dropout })]);
  return block(KIND, o, layers);
}
