import type {
  ResizeBilinearGradAttrs,
  ResizeNearestNeighborGradAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelRunner } from './run-kernel';

/** How one axis of a resize reads its source, the way tfjs's forward resize kernels do. */
interface AxisResize {
  inSize: number;
  outSize: number;
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

function ratio({ inSize, outSize, alignCorners }: AxisResize): number {
  const corners = alignCorners && outSize > 1;
  return (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
}

/**
 * The [inSize, outSize] matrix M with out[i] = sum_s M[s, i] * in[s] along one axis, for nearest or bilinear
 * resizing (the transpose of the forward interpolation). Both resizes are separable, so the 2-D gradient is
 * one such matrix per axis. Built from sizes only: no tensor data crosses to JS.
 */
export function resizeMatrix(axis: AxisResize, method: 'nearest' | 'bilinear'): Float32Array {
  const { inSize, outSize, alignCorners, halfPixelCenters } = axis;
  const r = ratio(axis);
  const m = new Float32Array(inSize * outSize);
  for (let i = 0; i < outSize; i++) {
    if (method === 'nearest') {
      const src = halfPixelCenters ? r * (i + 0.5) : r * i;
      let s = Math.min(inSize - 1, alignCorners ? Math.round(src) : Math.floor(src));
      if (halfPixelCenters) s = Math.max(0, s);
      m[s * outSize + i]! += 1;
    } else {
      const src = halfPixelCenters ? r * (i + 0.5) - 0.5 : r * i;
      const lo = Math.max(0, Math.floor(src));
      const hi = Math.min(inSize - 1, Math.ceil(src));
      const frac = src - lo;
      m[lo * outSize + i]! += 1 - frac;
      m[hi * outSize + i]! += frac;
    }
  }
  return m;
}

/**
 * dx = My · dy · Mxᵀ per image and channel, as two BatchMatMuls on the backend.
 * Why: wasm's ResizeNearestNeighborGrad and ResizeBilinearGrad ignore halfPixelCenters (so do cpu's, whose
 * bilinear grad also swaps height and width when they differ, and whose nearest grad gives NaN when
 * shrinking), so the gradient of a half-pixel resize was wrong.
 */
function resizeGrad(
  k: KernelRunner,
  images: TensorInfo,
  dy: TensorInfo,
  alignCorners: boolean,
  halfPixelCenters: boolean,
  method: 'nearest' | 'bilinear',
): TensorInfo {
  const [batch, inH, inW, c] = images.shape as [number, number, number, number];
  const [, outH, outW] = dy.shape as [number, number, number, number];
  const my = k.constant(
    resizeMatrix({ inSize: inH, outSize: outH, alignCorners, halfPixelCenters }, method),
    [1, inH, outH],
  );
  const mx = k.constant(
    resizeMatrix({ inSize: inW, outSize: outW, alignCorners, halfPixelCenters }, method),
    [1, inW, outW],
  );
  // Rows: [1, inH, outH] x [batch, outH, outW*c] -> [batch, inH, outW*c].
  const rows = k.run(
    'BatchMatMul',
    { a: my, b: k.run('Reshape', { x: dy }, { shape: [batch, outH, outW * c] }) },
    { transposeA: false, transposeB: false },
  );
  // Columns: [1, inW, outW] x [batch*inH, outW, c] -> [batch*inH, inW, c].
  const cols = k.run(
    'BatchMatMul',
    { a: mx, b: k.run('Reshape', { x: rows }, { shape: [batch * inH, outW, c] }) },
    { transposeA: false, transposeB: false },
  );
  return k.run('Reshape', { x: cols }, { shape: [batch, inH, inW, c] });
}

/** ResizeNearestNeighborGrad composed from BatchMatMul (see resizeGrad). */
export function resizeNearestNeighborGradComposed(
  k: KernelRunner,
  { images, dy }: { images: TensorInfo; dy: TensorInfo },
  attrs: ResizeNearestNeighborGradAttrs,
): TensorInfo {
  return resizeGrad(k, images, dy, attrs.alignCorners, attrs.halfPixelCenters, 'nearest');
}

/** ResizeBilinearGrad composed from BatchMatMul (see resizeGrad). */
export function resizeBilinearGradComposed(
  k: KernelRunner,
  { images, dy }: { images: TensorInfo; dy: TensorInfo },
  attrs: ResizeBilinearGradAttrs,
): TensorInfo {
  return resizeGrad(k, images, dy, attrs.alignCorners, attrs.halfPixelCenters, 'bilinear');
}
