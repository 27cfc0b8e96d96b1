import type { MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, convGeometry } from './conv-geometry';
import { patches } from './conv2d-backprop-filter';
import type { KernelRunner } from './run-kernel';

/** Whether the windows tile the input from its top-left corner without overlap (the usual 2x2/2 pool). */
function tiles(g: ConvGeometry): boolean {
  return g.sh === g.kh && g.sw === g.kw && g.top === 0 && g.left === 0;
}

/** Crops or pads (with `fill`) the rows and columns of a [b, h, w, c] tensor to [b, h2, w2, c]. */
function fitTo(k: KernelRunner, x: TensorInfo, h2: number, w2: number, fill: number): TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const cropped =
    h > h2 || w > w2
      ? k.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [b, Math.min(h, h2), Math.min(w, w2), c] })
      : x;
  const [, hc, wc] = cropped.shape as [number, number, number, number];
  if (hc === h2 && wc === w2) return cropped;
  const paddings = [
    [0, 0],
    [0, h2 - hc],
    [0, w2 - wc],
    [0, 0],
  ];
  return k.run('PadV2', { x: cropped }, { paddings, constantValue: fill });
}

/** The values each pooling window sees, taps last: [b, outH, outW, c, kh*kw]; padding reads -Infinity. */
function windows(k: KernelRunner, x: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, outH, outW, kh, kw, inC: c } = g;
  if (tiles(g)) {
    // A reshape and a transpose: far faster on wasm than strided slices.
    const fit = fitTo(k, x, outH * kh, outW * kw, Number.NEGATIVE_INFINITY);
    const six = k.run('Reshape', { x: fit }, { shape: [b, outH, kh, outW, kw, c] });
    const last = k.run('Transpose', { x: six }, { perm: [0, 1, 3, 5, 2, 4] });
    return k.run('Reshape', { x: last }, { shape: [b, outH, outW, c, kh * kw] });
  }
  const tapsFirst = patches(k, x, g, Number.NEGATIVE_INFINITY); // [b, outH, outW, kh*kw, c]
  return k.run('Transpose', { x: tapsFirst }, { perm: [0, 1, 2, 4, 3] });
}

/** The adjoint of `windows`: per-tap values [b, outH, outW, c, kh*kw] summed back into [b, inH, inW, c]. */
function scatterBack(
  k: KernelRunner,
  taps: TensorInfo,
  g: ConvGeometry,
  attrs: MaxPoolGradAttrs,
): TensorInfo {
  const { batch: b, inH, inW, inC: c, outH, outW, kh, kw, sh, sw } = g;
  if (tiles(g)) {
    const six = k.run('Reshape', { x: taps }, { shape: [b, outH, outW, c, kh, kw] });
    const grid = k.run('Transpose', { x: six }, { perm: [0, 1, 4, 2, 5, 3] });
    const full = k.run('Reshape', { x: grid }, { shape: [b, outH * kh, outW * kw, c] });
    return fitTo(k, full, inH, inW, 0);
  }
  // Overlapping windows: a transposed conv with a one-hot filter routes tap t of channel c to channel c.
  const n = kh * kw * c;
  const tapsFirst = k.run('Transpose', { x: taps }, { perm: [0, 1, 2, 4, 3] });
  const flat = k.run('Reshape', { x: tapsFirst }, { shape: [b, outH, outW, n] });
  // NOTE: wasm's OneHot always writes int32 whatever dtype it is told, hence int32 and a Cast.
  const eye = k.run(
    'Cast',
    {
      x: k.run(
        'OneHot',
        { indices: k.run('Range', {}, { start: 0, stop: n, step: 1, dtype: 'int32' }) },
        { depth: n, onValue: 1, offValue: 0, dtype: 'int32' },
      ),
    },
    { dtype: 'float32' },
  );
  const filter = k.run('Reshape', { x: eye }, { shape: [kh, kw, c, n] });
  return k.run(
    'Conv2DBackpropInput',
    { dy: flat, filter },
    {
      strides: [sh, sw],
      pad: attrs.pad,
      dataFormat: 'NHWC',
      dimRoundingMode: attrs.dimRoundingMode,
      inputShape: [b, inH, inW, c],
    },
  );
}

/**
 * MaxPoolGrad: each window's gradient goes to the first position holding the window's max (TensorFlow's
 * rule), found with ArgMax over the window's taps.
 * Why: wasm's MaxPoolGrad routes gradients wrongly when inputs are zero or negative (a 1x1 pool over [-1, -2]
 * gives [1, 0]) and sends ties to the last max, which breaks any net whose pooled activations can be <= 0.
 */
export function maxPoolGradComposed(
  k: KernelRunner,
  { dy, input }: { dy: TensorInfo; input: TensorInfo },
  attrs: MaxPoolGradAttrs,
): TensorInfo {
  const c = input.shape[3]!;
  const size = typeof attrs.filterSize === 'number' ? [attrs.filterSize, attrs.filterSize] : attrs.filterSize;
  const g = convGeometry(
    input.shape,
    [size[0]!, size[1]!, c, c],
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const t = g.kh * g.kw;
  const seen = windows(k, input, g);
  const first = k.run('ArgMax', { x: seen }, { axis: 4 });
  const mask = k.run(
    'Cast',
    { x: k.run('OneHot', { indices: first }, { depth: t, onValue: 1, offValue: 0, dtype: 'int32' }) },
    { dtype: 'float32' },
  );
  const dy5 = k.run('Reshape', { x: dy }, { shape: [g.batch, g.outH, g.outW, c, 1] });
  return scatterBack(k, k.run('Multiply', { a: mask, b: dy5 }), g, attrs);
}
