import type { MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, convGeometry } from './conv-geometry';
import { patches } from './conv2d-backprop-filter';
import type { KernelRunner } from './run-kernel';

/**
 * Puts per-tap window values back at the input positions they came from, summing overlaps: the adjoint of
 * `patches`. taps: [batch, outH, outW, kh*kw*c].
 */
function unpatch(k: KernelRunner, taps: TensorInfo, g: ConvGeometry, attrs: MaxPoolGradAttrs): TensorInfo {
  const { batch, inH, inW, inC: c, outH, outW, kh, kw, sh, sw } = g;
  if (sh === kh && sw === kw && g.top === 0 && g.left === 0) {
    // Non-overlapping windows (the usual 2x2/2 pool): an interleave, then crop or zero-fill the edge.
    const six = k.run('Reshape', { x: taps }, { shape: [batch, outH, outW, kh, kw, c] });
    const grid = k.run('Transpose', { x: six }, { perm: [0, 1, 3, 2, 4, 5] });
    const full = k.run('Reshape', { x: grid }, { shape: [batch, outH * kh, outW * kw, c] });
    const cropped =
      outH * kh > inH || outW * kw > inW
        ? k.run(
            'Slice',
            { x: full },
            { begin: [0, 0, 0, 0], size: [batch, Math.min(inH, outH * kh), Math.min(inW, outW * kw), c] },
          )
        : full;
    const [, h, w] = cropped.shape as [number, number, number, number];
    return h === inH && w === inW
      ? cropped
      : k.run(
          'PadV2',
          { x: cropped },
          {
            paddings: [
              [0, 0],
              [0, inH - h],
              [0, inW - w],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
  }
  // Overlapping or shifted windows: a transposed conv with a one-hot filter routes tap t of channel c to c.
  const n = kh * kw * c;
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
    { dy: taps, filter },
    {
      strides: [sh, sw],
      pad: attrs.pad,
      dataFormat: 'NHWC',
      dimRoundingMode: attrs.dimRoundingMode,
      inputShape: [batch, inH, inW, c],
    },
  );
}

/**
 * MaxPoolGrad: each window's gradient goes to the first position holding the window's max (TensorFlow's rule).
 * Why: wasm's MaxPoolGrad routes gradients wrongly when inputs are zero or negative (a 1x1 pool over [-1, -2]
 * gives [1, 0]), which breaks any net whose pool follows a conv without relu, or whose activations go negative.
 */
export function maxPoolGradComposed(
  k: KernelRunner,
  { dy, input, output }: { dy: TensorInfo; input: TensorInfo; output: TensorInfo },
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
  const windows = patches(k, input, g, Number.NEGATIVE_INFINITY); // [b, oh, ow, t, c]
  const max = k.run('Reshape', { x: output }, { shape: [g.batch, g.outH, g.outW, 1, c] });
  const hits = k.run('Cast', { x: k.run('Equal', { a: windows, b: max }) }, { dtype: 'float32' });
  const seen = k.run('Cumsum', { x: hits }, { axis: 3, exclusive: false, reverse: false });
  const one = k.constant(new Float32Array([1]), []);
  const first = k.run('Cast', { x: k.run('Equal', { a: seen, b: one }) }, { dtype: 'float32' });
  const winners = k.run('Multiply', { a: hits, b: first });
  const grads = k.run('Multiply', {
    a: winners,
    b: k.run('Reshape', { x: dy }, { shape: [g.batch, g.outH, g.outW, 1, c] }),
  });
  const taps = k.run('Reshape', { x: grads }, { shape: [g.batch, g.outH, g.outW, t * c] });
  return unpatch(k, taps, g, attrs);
}
