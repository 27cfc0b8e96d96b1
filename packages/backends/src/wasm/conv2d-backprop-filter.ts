import type {
  Conv2DBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvGeometry, convGeometry } from './conv-geometry';
import type { KernelRunner } from './run-kernel';

/**
 * The input patches that each output position of a conv reads, one strided slice per filter tap:
 * [batch, outH, outW, kh * kw, inC]. All of it stays on the backend.
 */
export function patches(k: KernelRunner, x: TensorInfo, g: ConvGeometry): TensorInfo {
  const padded =
    g.top + g.bottom + g.left + g.right === 0
      ? x
      : k.run(
          'PadV2',
          { x },
          {
            paddings: [
              [0, 0],
              [g.top, g.bottom],
              [g.left, g.right],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
  const taps: TensorInfo[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      taps.push(
        k.run(
          'StridedSlice',
          { x: padded },
          {
            begin: [0, i, j, 0],
            end: [g.batch, i + (g.outH - 1) * g.sh + 1, j + (g.outW - 1) * g.sw + 1, g.inC],
            strides: [1, g.sh, g.sw, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          },
        ),
      );
    }
  }
  return taps.length === 1
    ? k.run('Reshape', { x: taps[0]! }, { shape: [g.batch, g.outH, g.outW, 1, g.inC] })
    : k.run('Pack', taps, { axis: 3 });
}

/**
 * dW = patches(x)^T · dy, as one matrix product: [kh*kw*inC, N] x [N, outC] with N = batch*outH*outW.
 */
export function conv2dBackpropFilterWasm(
  k: KernelRunner,
  { x, dy }: { x: TensorInfo; dy: TensorInfo },
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const [kh, kw, inC, outC] = attrs.filterShape;
  const g = convGeometry(x.shape, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  const n = g.batch * g.outH * g.outW;
  const cols = k.run('Reshape', { x: patches(k, x, g) }, { shape: [1, n, kh * kw * inC] });
  const grads = k.run('Reshape', { x: dy }, { shape: [1, n, outC] });
  const dw = k.run('BatchMatMul', { a: cols, b: grads }, { transposeA: true, transposeB: false });
  return k.run('Reshape', { x: dw }, { shape: [kh, kw, inC, outC] });
}

/**
 * Depthwise filter gradient: for each input channel c, dW[:, c, :] = patches_c^T · dy_c, one batched
 * matrix product over channels: [inC, kh*kw, N] x [inC, N, mult].
 */
export function depthwiseBackpropFilterWasm(
  k: KernelRunner,
  { x, dy }: { x: TensorInfo; dy: TensorInfo },
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs,
): TensorInfo {
  const [kh, kw, inC, mult] = attrs.filterShape;
  const g = convGeometry(x.shape, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode, true);
  const n = g.batch * g.outH * g.outW;
  const cols = k.run('Reshape', { x: patches(k, x, g) }, { shape: [n, kh * kw, inC] });
  const colsByChannel = k.run('Transpose', { x: cols }, { perm: [2, 1, 0] });
  const dyByChannel = k.run(
    'Transpose',
    { x: k.run('Reshape', { x: dy }, { shape: [n, inC, mult] }) },
    { perm: [1, 0, 2] },
  );
  const dw = k.run('BatchMatMul', { a: colsByChannel, b: dyByChannel }, { transposeA: false, transposeB: false });
  const tapsFirst = k.run('Transpose', { x: dw }, { perm: [1, 0, 2] });
  return k.run('Reshape', { x: tapsFirst }, { shape: [kh, kw, inC, mult] });
}

