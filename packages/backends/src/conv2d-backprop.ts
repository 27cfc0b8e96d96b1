import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  engine,
  type NamedAttrMap,
  type Tensor4D,
} from '@tensorflow/tfjs-core';

type Pad = Conv2DBackpropInputAttrs['pad'];

/** Gradient of conv2d with respect to its input: runs the Conv2DBackpropInput kernel of the backend. */
export function conv2dBackpropInput(
  xShape: number[],
  dy: Tensor4D,
  filter: Tensor4D,
  strides: Conv2DBackpropInputAttrs['strides'],
  pad: Pad,
): Tensor4D {
  const attrs: Conv2DBackpropInputAttrs = {
    strides,
    pad,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
    inputShape: xShape as [number, number, number, number],
  };
  return engine().runKernel(
    Conv2DBackpropInput,
    { dy, filter },
    attrs as unknown as NamedAttrMap,
  ) as Tensor4D;
}

/** Gradient of conv2d with respect to its filter: runs the Conv2DBackpropFilter kernel of the backend. */
export function conv2dBackpropFilter(
  x: Tensor4D,
  dy: Tensor4D,
  filterShape: number[],
  strides: Conv2DBackpropFilterAttrs['strides'],
  pad: Pad,
): Tensor4D {
  const attrs: Conv2DBackpropFilterAttrs = {
    strides,
    pad,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
    filterShape: filterShape as [number, number, number, number],
  };
  return engine().runKernel(Conv2DBackpropFilter, { x, dy }, attrs as unknown as NamedAttrMap) as Tensor4D;
}
