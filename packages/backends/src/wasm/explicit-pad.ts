import { backend_util, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Wraps a wasm conv kernel so that 'same' padding reaches it as the explicit padding tfjs computes.
 * Why: with 'same', wasm's Conv2D, FusedConv2D and the depthwise convs let XNNPACK pick the padding, which
 * disagrees with TensorFlow's when the stride exceeds the filter reach (e.g. 5 rows, stride 3, kernel 2:
 * TF pads nothing, XNNPACK shifts the window), and the output is wrong.
 */
export function withExplicitSamePadding(original: KernelFunc, depthwise: boolean): KernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as ConvAttrs;
    if (attrs.pad !== 'same') return original(args);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      'same',
      attrs.dimRoundingMode,
      depthwise,
    );
    const { top, bottom, left, right } = info.padInfo;
    const pad: backend_util.ExplicitPadding = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    return original({ ...args, attrs: { ...(args.attrs as NamedAttrMap), pad } as unknown as NamedAttrMap });
  };
}
