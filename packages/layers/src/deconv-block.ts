import { activation } from './activation';
import { ACTIVATIONS, type ActivationName } from './activations';
import { block, checkBlockKeys, type NormOption, normLayer } from './block';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2d-transpose';
import { toChoice } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';
import { upSampling2d } from './up-sampling2d';
import { checkInt } from './validate';

/** Options of `deconvBlock`. */
export interface DeconvBlockOptions extends NameOption {
  /** Output channels. */
  filters: number;
  /** Square kernel size. */
  kernelSize: number;
  /** Upsampling factor (default 2). */
  strides?: number;
  /** 'transpose' (default): a strided conv2dTranspose; 'upsample': nearest upSampling2d then a conv2d. */
  mode?: 'transpose' | 'upsample';
  /** 'batch' (or { type: 'batch', momentum?, epsilon? }) adds batchNorm after the conv (whose bias is then dropped); default 'none'. */
  norm?: NormOption;
  /** Activation at the end; default 'relu'. */
  activation?: ActivationName;
}

const KIND = 'deconvBlock';

/**
 * Upsampling block, 'same' padding throughout: [batch, h, w, c] → [batch, h·strides, w·strides, filters].
 * Children: up (upsample mode), conv, norm, act (those used).
 * @example deconvBlock({ filters: 16, kernelSize: 3 }) // 7x7x32 → 14x14x16
 */
export function deconvBlock(options: DeconvBlockOptions): LayerSpec<DeconvBlockOptions> {
  checkBlockKeys(options, ['filters', 'kernelSize', 'strides', 'mode', 'norm', 'activation', 'name'], KIND);
  const name = checkName(options.name, KIND);
  const { norm, layer: bn } = normLayer(options.norm, KIND);
  const o: Required<Omit<DeconvBlockOptions, 'name'>> & NameOption = {
    filters: checkInt(KIND, 'filters', options.filters),
    kernelSize: checkInt(KIND, 'kernelSize', options.kernelSize),
    strides: checkInt(KIND, 'strides', options.strides ?? 2),
    mode: toChoice(options.mode ?? 'transpose', ['transpose', 'upsample'], 'mode', KIND),
    norm,
    activation: toChoice(options.activation ?? 'relu', ACTIVATIONS, 'activation', KIND),
    ...(name ? { name } : {}),
  };
  const layers: Array<[string, LayerSpec]> = [];
  if (o.mode === 'transpose') {
    const conv = conv2dTranspose({
      filters: o.filters,
      kernelSize: o.kernelSize,
      strides: o.strides,
      padding: 'same',
      activation: bn ? 'linear' : o.activation,
      useBias: !bn,
    });
    layers.push(['conv', conv]);
  } else {
    if (o.strides > 1) layers.push(['up', upSampling2d({ size: o.strides })]);
    const conv = conv2d({
      filters: o.filters,
      kernelSize: o.kernelSize,
      padding: 'same',
      activation: bn ? 'linear' : o.activation,
      useBias: !bn,
    });
    layers.push(['conv', conv]);
  }
  if (bn) layers.push(['norm', bn], ['act', activation({ activation: o.activation })]);
  return block(KIND, o, layers);
}
