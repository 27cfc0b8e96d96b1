import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composite, type KernelRunner } from './run-kernel';
import { strideGrid } from './stride-grid';

/** Padding of the forward conv that computes dx, per axis: [before, after]; null when it would be negative. */
function fullPadding(inSize: number, outSize: number, k: number, stride: number, before: number) {
  const dilatedLength = (outSize - 1) * stride + 1;
  const top = k - 1 - before;
  const bottom = inSize + k - 1 - dilatedLength - top;
  return top < 0 ? null : { top, bottom };
}

/**
 * dx of a conv as a forward conv: dy dilated by the stride (zeros between rows and columns), padded to a
 * "full" convolution, and convolved with the filter flipped in space and with in/out channels swapped.
 * NOTE: measured on wasm 4.22 for a 3x3 32->64 'same' conv over [64, 28, 28]: 2660 ms with wasm's own
 * Conv2DBackpropInput against ~300 ms this way (XNNPACK's forward conv is the fast path).
 */
function viaForwardConv(
  k: KernelRunner,
  { dy, filter }: { dy: TensorInfo; filter: TensorInfo },
  attrs: Conv2DBackpropInputAttrs,
  rows: { top: number; bottom: number },
  cols: { top: number; bottom: number },
): TensorInfo {
  const [b, oh, ow, outC] = dy.shape as [number, number, number, number];
  const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const grid = strideGrid(k, dy, sh, sw);
    spread = k.run(
      'Slice',
      { x: grid },
      { begin: [0, 0, 0, 0], size: [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, outC] },
    );
  }
  // A negative "after" padding means trailing rows/columns of dy reach past the input: crop them.
  const [, h, w] = spread.shape as [number, number, number, number];
  if (rows.bottom < 0 || cols.bottom < 0) {
    const size = [b, h + Math.min(0, rows.bottom), w + Math.min(0, cols.bottom), outC];
    spread = k.run('Slice', { x: spread }, { begin: [0, 0, 0, 0], size });
  }
  const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = k.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  const pad = [
    [0, 0],
    [rows.top, Math.max(0, rows.bottom)],
    [cols.top, Math.max(0, cols.bottom)],
    [0, 0],
  ];
  return k.run(
    'Conv2D',
    { x: spread, filter: swapped },
    { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
  );
}

/** Wraps wasm's Conv2DBackpropInput: the fast forward-conv route whenever its padding allows, else the original. */
export function fastConv2dBackpropInput(original: KernelFunc): KernelFunc {
  return (args) => {
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    if (attrs.dataFormat === 'NCHW') return original(args);
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const rows = fullPadding(
      info.inHeight,
      info.outHeight,
      info.filterHeight,
      info.strideHeight,
      info.padInfo.top,
    );
    const cols = fullPadding(
      info.inWidth,
      info.outWidth,
      info.filterWidth,
      info.strideWidth,
      info.padInfo.left,
    );
    if (rows == null || cols == null) return original(args);
    return composite('wasm', (k) => viaForwardConv(k, { dy, filter }, attrs, rows, cols))(args);
  };
}
