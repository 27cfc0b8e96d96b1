import type { Padding } from '../conv-shape';

/** How one spatial axis of a transposed conv maps onto a stride-1 conv with s phases (sub-pixel convolution). */
interface AxisPlan {
  /** Stride, i.e. phases. */
  s: number;
  /** Taps of the phase kernels. */
  u: number;
  /** Zero padding before and after the input. */
  before: number;
  after: number;
  /** Outputs per phase: ceil(out / s). */
  m: number;
  /** Output size of the transposed conv. */
  out: number;
  /** For phase p and tap j: the index into the original kernel axis, or -1 for a zero tap. */
  taps: number[][];
  /** Whether a conv with this kernel, stride and padding maps the output size back onto the input size. */
  adjoint: boolean;
}

/**
 * One axis: y[o] = Σ x[i] w[t] over o = i·s + t - pad, with pad as tfjs's conv2dTranspose takes it. Output
 * o = m·s + p reads x[m - d] with tap t = d·s + p + pad, so phase p is a stride-1 correlation over x with taps
 * d = dMax..dMin (a flipped, strided pick of the kernel).
 */
function axisPlan(n: number, k: number, s: number, out: number, padding: Padding): AxisPlan | undefined {
  const m = Math.ceil(out / s);
  const pad = padding === 'same' ? Math.floor(Math.max(0, (m - 1) * s + k - out) / 2) : 0;
  let dMin = Number.POSITIVE_INFINITY;
  let dMax = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < s; p++) {
    dMin = Math.min(dMin, Math.ceil(-(p + pad) / s));
    dMax = Math.max(dMax, Math.floor((k - 1 - p - pad) / s));
  }
  if (dMax < 0 || dMax < dMin) return undefined;
  const u = dMax - dMin + 1;
  const taps = Array.from({ length: s }, (_, p) =>
    Array.from({ length: u }, (_, j) => {
      const t = (dMax - j) * s + p + pad;
      return t >= 0 && t < k ? t : -1;
    }),
  );
  // stride-1 valid conv over before + n + after values gives m outputs
  const after = m - n - dMax + u - 1;
  const back = padding === 'same' ? Math.ceil(out / s) : Math.floor((out - k) / s) + 1;
  return { s, u, before: dMax, after, m, out, taps, adjoint: back === n };
}

/** The plan of a transposed conv as a sub-pixel conv, or undefined when this rewrite does not apply. */
export interface SubpixelPlan {
  rows: AxisPlan;
  cols: AxisPlan;
  /** [uh·uw·sh·sw, kh·kw] 0/1 matrix that picks the phase kernels' taps from the original kernel's. */
  select: Float32Array;
  kh: number;
  kw: number;
  padding: Padding;
}

/** Plans conv2dTranspose(x [b, h, w, c], kernel [kh, kw, f, c]) → [b, oh, ow, f] as a sub-pixel conv. */
export function subpixelPlan(
  [h, w]: readonly number[],
  [kh, kw]: readonly number[],
  [sh, sw]: readonly [number, number],
  padding: Padding,
  [oh, ow]: readonly number[],
): SubpixelPlan | undefined {
  const rows = axisPlan(h!, kh!, sh, oh!, padding);
  const cols = axisPlan(w!, kw!, sw, ow!, padding);
  if (!rows || !cols || rows.after < 0 || cols.after < 0) return undefined;
  const taps = kh! * kw!;
  const select = new Float32Array(rows.u * cols.u * sh * sw * taps);
  let row = 0;
  for (let i = 0; i < rows.u; i++) {
    for (let j = 0; j < cols.u; j++) {
      for (let p = 0; p < sh; p++) {
        for (let q = 0; q < sw; q++, row++) {
          const th = rows.taps[p]![i]!;
          const tw = cols.taps[q]![j]!;
          if (th >= 0 && tw >= 0) select[row * taps + th * kw! + tw] = 1;
        }
      }
    }
  }
  return { rows, cols, select, kh: kh!, kw: kw!, padding };
}
