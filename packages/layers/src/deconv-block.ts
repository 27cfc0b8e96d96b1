import { activation } from './activation';
import { ACTIVATIONS, type ActivationName } from './activations';
import { batchNorm } from './batch-norm';
import { block, type NormName } from './block';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2d-transpose';
import { checkKeys, toChoice, toInt } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';
import { upSampling2d } from './up-sampling2d';

/** Options of `deconvBlock`. */
export interface DeconvBlockOptions extends NameOption {
  /** Output channels. */
  filters: number;
  /** Square kernel size. */
  kernel: number;
  /** Upsampling factor (default 2). */
  stride?: number;
  /** 'transpose' (default): a strided conv2dTranspose; 'upsample': nearest upSampling2d then a conv2d. */
  mode?: 'transpose' | 'upsample';
  /** 'batch' adds batchNorm after the conv (whose bias is then dropped); default 'none'. */
  norm?: NormName;
  /** Activation at the end; default 'relu'. */
  act?: ActivationName;
}

const KIND = 'deconvBlock';

/**
 * Upsampling block, 'same' padding throughout: [batch, h, w, c] → [batch, h·stride, w·stride, filters].
 * Children: up (upsample mode), conv, norm, act (those used).
 * @example deconvBlock({ filters: 16, kernel: 3 }) // 7x7x32 → 14x14x16
 */
export function deconvBlock(options: DeconvBlockOptions): LayerSpec<DeconvBlockOptions> {
  checkKeys(options, ['filters', 'kernel', 'stride', 'mode', 'norm', 'act', 'name'], KIND);
  const name = checkName(options.name, KIND);
  const o: Required<Omit<DeconvBlockOptions, 'name'>> & NameOption = {
    filters: toInt(options.filters, 'filters', KIND),
    kernel: toInt(options.kernel, 'kernel', KIND),
    stride: toInt(options.stride ?? 2, 'stride', KIND),
    mode: toChoice(options.mode ?? 'transpose', ['transpose', 'upsample'], 'mode', KIND),
    norm: toChoice(options.norm ?? 'none', ['batch', 'none'], 'norm', KIND),
    act: toChoice(options.act ?? 'relu', ACTIVATIONS, 'act', KIND),
    ...(name ? { name } : {}),
  };
  const bn = o.norm === 'batch';
  const layers: Array<[string, LayerSpec]> = [];
  if (o.mode === 'transpose') {
    const conv = conv2dTranspose({
      filters: o.filters,
      kernelSize: o.kernel,
      strides: o.stride,
      padding: 'same',
      activation: bn ? 'linear' : o.act,
      useBias: !bn,
    });
    layers.push(['conv', conv]);
  } else {
    if (o.stride > 1) layers.push(['up', upSampling2d({ size: o.stride })]);
    const conv = conv2d({
      filters: o.filters,
      kernelSize: o.kernel,
      padding: 'same',
      activation: bn ? 'linear' : o.act,
      useBias: !bn,
    });
    layers.push(['conv', conv]);
  }
  if (bn) layers.push(['norm', batchNorm()], ['act', activation({ fn: o.act })]);
  return block(KIND, o, layers);
}
