import type { MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, convGeometry } from './conv-geometry';
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
  // Overlapping windows: tap (i, j) reads rows i, i+sh, ... of the padded input; each is a slice, a reshape
  // that splits the stride off, and a slice of its first phase (strided slices are slow on wasm).
  const { hp, wp } = paddedSize(g);
  const padded = k.run(
    'PadV2',
    { x },
    {
      paddings: [
        [0, 0],
        [g.top, hp - g.inH - g.top],
        [g.left, wp - g.inW - g.left],
        [0, 0],
      ],
      constantValue: Number.NEGATIVE_INFINITY,
    },
  );
  // NOTE: wasm's Slice and Pack are slow above rank 4 or off axis 0, so every step here stays at rank <= 3
  // (phases split off by reshapes) and the taps are stacked first, then moved last by one Transpose.
  const n = b * outH * outW * c;
  const taps: TensorInfo[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const run = k.run(
        'Slice',
        { x: padded },
        { begin: [0, i, j, 0], size: [b, outH * g.sh, outW * g.sw, c] },
      );
      const byRow = k.run('Reshape', { x: run }, { shape: [b * outH, g.sh, outW * g.sw * c] });
      const rows = k.run('Slice', { x: byRow }, { begin: [0, 0, 0], size: [b * outH, 1, outW * g.sw * c] });
      const byCol = k.run('Reshape', { x: rows }, { shape: [b * outH * outW, g.sw, c] });
      const cols = k.run('Slice', { x: byCol }, { begin: [0, 0, 0], size: [b * outH * outW, 1, c] });
      taps.push(k.run('Reshape', { x: cols }, { shape: [1, n] }));
    }
  }
  const stacked = k.run('Concat', taps, { axis: 0 }); // [kh*kw, n]
  const firstAxis = k.run('Reshape', { x: stacked }, { shape: [kh * kw, b, outH, outW, c] });
  return k.run('Transpose', { x: firstAxis }, { perm: [1, 2, 3, 4, 0] });
}

/** A padded input size that holds every window and every tap's strided run: [hp, wp]. */
function paddedSize(g: ConvGeometry): { hp: number; wp: number } {
  return {
    hp: Math.max(g.inH + g.top + g.bottom, g.kh - 1 + g.outH * g.sh),
    wp: Math.max(g.inW + g.left + g.right, g.kw - 1 + g.outW * g.sw),
  };
}

/** The adjoint of `windows`: per-tap values [b, outH, outW, c, kh*kw] summed back into [b, inH, inW, c]. */
function scatterBack(k: KernelRunner, taps: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, inH, inW, inC: c, outH, outW, kh, kw, sh, sw } = g;
  if (tiles(g)) {
    const six = k.run('Reshape', { x: taps }, { shape: [b, outH, outW, c, kh, kw] });
    const grid = k.run('Transpose', { x: six }, { perm: [0, 1, 4, 2, 5, 3] });
    const full = k.run('Reshape', { x: grid }, { shape: [b, outH * kh, outW * kw, c] });
    return fitTo(k, full, inH, inW, 0);
  }
  // Overlapping windows: spread each tap's values over a stride grid, shift it to the tap, sum the taps.
  const { hp, wp } = paddedSize(g);
  const n = b * outH * outW * c;
  const firstAxis = k.run('Transpose', { x: taps }, { perm: [4, 0, 1, 2, 3] });
  const byTap = k.run('Reshape', { x: firstAxis }, { shape: [kh * kw, n] });
  const placed: TensorInfo[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const one = k.run('Slice', { x: byTap }, { begin: [i * kw + j, 0], size: [1, n] });
      const six = k.run('Reshape', { x: one }, { shape: [b, outH, 1, outW, 1, c] });
      const gaps = [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ];
      const spread = k.run('PadV2', { x: six }, { paddings: gaps, constantValue: 0 });
      const grid = k.run('Reshape', { x: spread }, { shape: [b, outH * sh, outW * sw, c] });
      const shift = [
        [0, 0],
        [i, hp - i - outH * sh],
        [j, wp - j - outW * sw],
        [0, 0],
      ];
      placed.push(k.run('PadV2', { x: grid }, { paddings: shift, constantValue: 0 }));
    }
  }
  const sum = placed.length === 1 ? placed[0]! : k.run('AddN', placed);
  return k.run('Slice', { x: sum }, { begin: [0, g.top, g.left, 0], size: [b, inH, inW, c] });
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
  return scatterBack(k, k.run('Multiply', { a: mask, b: dy5 }), g);
}
