import type { MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, convGeometry } from './conv-geometry';
import type { KernelRunner } from './run-kernel';
import { strideGrid } from './stride-grid';

// NOTE: on wasm 4.22, Slice above rank 4, Pack off axis 0, Equal with an inner broadcast and transposes that
// move the innermost axis are all 10-100x slower than elementwise ops; both paths below avoid them.

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

/**
 * Non-overlapping windows: a reshape and a transpose (c stays innermost) put each window's taps last,
 * ArgMax picks the first max, OneHot masks it, and the inverse reshape puts the gradients back.
 */
function tiledGrad(k: KernelRunner, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, inH, inW, inC: c, outH, outW, kh, kw } = g;
  const fit = fitTo(k, x, outH * kh, outW * kw, Number.NEGATIVE_INFINITY);
  const six = k.run('Reshape', { x: fit }, { shape: [b, outH, kh, outW, kw, c] });
  const tapsLast = k.run('Transpose', { x: six }, { perm: [0, 1, 3, 5, 2, 4] });
  const windows = k.run('Reshape', { x: tapsLast }, { shape: [b, outH, outW, c, kh * kw] });
  const first = k.run('ArgMax', { x: windows }, { axis: 4 });
  // NOTE: wasm's OneHot always writes int32 whatever dtype it is told, hence int32 and a Cast.
  const mask = k.run(
    'Cast',
    { x: k.run('OneHot', { indices: first }, { depth: kh * kw, onValue: 1, offValue: 0, dtype: 'int32' }) },
    { dtype: 'float32' },
  );
  const dy5 = k.run('Reshape', { x: dy }, { shape: [b, outH, outW, c, 1] });
  const grads = k.run('Multiply', { a: mask, b: dy5 });
  const back = k.run('Reshape', { x: grads }, { shape: [b, outH, outW, c, kh, kw] });
  const grid = k.run('Transpose', { x: back }, { perm: [0, 1, 4, 2, 5, 3] });
  const full = k.run('Reshape', { x: grid }, { shape: [b, outH * kh, outW * kw, c] });
  return fitTo(k, full, inH, inW, 0);
}

/**
 * Overlapping or shifted windows: tap (i, j) of every window is a strided view of the padded input, taken
 * by a slice and two phase-splitting reshapes. The first tap equal to the running max wins; its gradient is
 * spread back over a stride grid, shifted to the tap, and the taps are summed.
 */
function overlappingGrad(k: KernelRunner, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: b, inH, inW, inC: c, outH, outW, kh, kw, sh, sw } = g;
  const hp = Math.max(inH + g.top + g.bottom, kh - 1 + outH * sh);
  const wp = Math.max(inW + g.left + g.right, kw - 1 + outW * sw);
  const padded = k.run(
    'PadV2',
    { x },
    {
      paddings: [
        [0, 0],
        [g.top, hp - inH - g.top],
        [g.left, wp - inW - g.left],
        [0, 0],
      ],
      constantValue: Number.NEGATIVE_INFINITY,
    },
  );
  const out = [b, outH, outW, c];
  const taps: TensorInfo[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const run = k.run('Slice', { x: padded }, { begin: [0, i, j, 0], size: [b, outH * sh, outW * sw, c] });
      const byRow = k.run('Reshape', { x: run }, { shape: [b * outH, sh, outW * sw * c] });
      const rows = k.run('Slice', { x: byRow }, { begin: [0, 0, 0], size: [b * outH, 1, outW * sw * c] });
      const byCol = k.run('Reshape', { x: rows }, { shape: [b * outH * outW, sw, c] });
      const cols = k.run('Slice', { x: byCol }, { begin: [0, 0, 0], size: [b * outH * outW, 1, c] });
      taps.push(k.run('Reshape', { x: cols }, { shape: out }));
    }
  }
  const max = taps.reduce((m, t) => k.run('Maximum', { a: m, b: t }));
  let taken: TensorInfo | undefined;
  const placed: TensorInfo[] = [];
  taps.forEach((tap, t) => {
    const hit = k.run('Cast', { x: k.run('Equal', { a: tap, b: max }) }, { dtype: 'float32' });
    const wins = taken == null ? hit : k.run('Sub', { a: hit, b: k.run('Multiply', { a: hit, b: taken }) });
    taken = taken == null ? wins : k.run('Add', { a: taken, b: wins });
    const grid = strideGrid(k, k.run('Multiply', { a: wins, b: dy }), sh, sw);
    const [i, j] = [Math.floor(t / kw), t % kw];
    const shift = [
      [0, 0],
      [i, hp - i - outH * sh],
      [j, wp - j - outW * sw],
      [0, 0],
    ];
    placed.push(k.run('PadV2', { x: grid }, { paddings: shift, constantValue: 0 }));
  });
  const sum = placed.length === 1 ? placed[0]! : k.run('AddN', placed);
  return k.run('Slice', { x: sum }, { begin: [0, g.top, g.left, 0], size: [b, inH, inW, c] });
}

/**
 * MaxPoolGrad: each window's gradient goes to the first position holding the window's max (TensorFlow's rule).
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
  return tiles(g) ? tiledGrad(k, input, dy, g) : overlappingGrad(k, input, dy, g);
}
