import { backend_util } from '@tensorflow/tfjs-core';

/** Where each output position of a 2-D window op reads its input: padding, strides and output size. */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Computes the geometry of a NHWC conv with dilation 1, the way tfjs pads it. */
export function convGeometry(
  xShape: number[],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  depthwise = false,
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad as never,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  const [batch, inH, inW, inC] = xShape as [number, number, number, number];
  return {
    batch,
    inH,
    inW,
    inC,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
  };
}
