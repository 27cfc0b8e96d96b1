import {
  Conv2D,
  type Conv2DAttrs,
  type GradConfig,
  getGradient,
  type NamedAttrMap,
  pad,
  registerGradient,
  reshape,
  slice,
  type Tensor,
  type Tensor4D,
} from '@tensorflow/tfjs-core';
import { conv2dBackpropFilter, conv2dBackpropInput } from './conv2d-backprop';

/**
 * Inserts `rate - 1` zeros between the taps of a [kh, kw, in, out] filter, so that a dilated conv equals a
 * plain conv with the bigger filter. tfjs's own Conv2D gradient refuses dilation > 1; this lets it through.
 */
export function dilateFilter(filter: Tensor4D, [dh, dw]: [number, number]): Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  const spread = pad(reshape(filter, [kh, 1, kw, 1, cin, cout]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  const big = reshape(spread, [kh * dh, kw * dw, cin, cout]);
  return slice(big, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, cin, cout]) as Tensor4D;
}

/** The inverse of dilateFilter for a gradient: keeps every `rate`-th tap. */
function undilate(grad: Tensor4D, [kh, kw]: [number, number], [dh, dw]: [number, number]): Tensor4D {
  const [, , cin, cout] = grad.shape;
  const full = pad(grad, [
    [0, kh * dh - grad.shape[0]],
    [0, kw * dw - grad.shape[1]],
    [0, 0],
    [0, 0],
  ]);
  const taps = slice(
    reshape(full, [kh, dh, kw, dw, cin, cout]),
    [0, 0, 0, 0, 0, 0],
    [kh, 1, kw, 1, cin, cout],
  );
  return reshape(taps, [kh, kw, cin, cout]);
}

/** Conv2D's gradient, as tfjs defines it, plus support for dilation rates above 1. */
const conv2DGradConfig: GradConfig = {
  kernelName: Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const { dilations, strides, pad: padding, dataFormat } = attrs as unknown as Conv2DAttrs;
    const rate: [number, number] =
      typeof dilations === 'number' ? [dilations, dilations] : (dilations ?? [1, 1]);
    if (dataFormat === 'NCHW') throw new Error('conv2d gradient: dataFormat NCHW is not supported; use NHWC');
    const dy4 = dy as Tensor4D;
    const isPlain = rate[0] === 1 && rate[1] === 1;
    const big = isPlain ? filter : dilateFilter(filter, rate);
    return {
      x: () => conv2dBackpropInput(x.shape, dy4, big, strides, padding),
      filter: () => {
        const g = conv2dBackpropFilter(x, dy4, big.shape, strides, padding);
        return isPlain ? g : undilate(g, [filter.shape[0], filter.shape[1]], rate);
      },
    };
  },
};

/** Replaces tfjs-core's Conv2D gradient with ours (same maths, dilation allowed). */
export function registerConv2DGradient(): void {
  // NOTE: registerGradient warns when overwriting; tfjs-core's config is replaced on purpose.
  if (getGradient(Conv2D)?.gradFunc === conv2DGradConfig.gradFunc) return;
  const warn = console.warn;
  console.warn = () => {};
  try {
    registerGradient(conv2DGradConfig);
  } finally {
    console.warn = warn;
  }
}
