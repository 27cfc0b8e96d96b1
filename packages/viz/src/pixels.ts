import type { Dense } from './array.js';
import { viridis } from './palette.js';
import type { Pixels } from './scene.js';

/** How numbers map to intensity: a fixed [lo, hi] (clamped), or 'auto' for each image's own min..max. */
export type Range = readonly [number, number] | 'auto';

/** The smallest and largest of `data[start..end)`, or [0, 1] when there are none. */
export function minMax(data: ArrayLike<number>, start = 0, end = data.length): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

function bounds(data: Float32Array, start: number, end: number, range: Range): [number, number] {
  return range === 'auto' ? minMax(data, start, end) : [range[0], range[1]];
}

/** Layout of a batch of images: count, height, width, channels (1 = grayscale, 3 = RGB). */
export interface ImageBatchShape {
  n: number;
  h: number;
  w: number;
  c: number;
}

/** Reads [h, w], [n, h, w], or [n, h, w, c] with c in {1, 3} (NHWC, as tfjs uses). */
export function imageBatchShape(a: Dense, where: string): ImageBatchShape {
  const s = a.shape;
  const bad = () =>
    new Error(
      `${where}: expected images shaped [h, w], [n, h, w] or [n, h, w, c] with c = 1 or 3, got [${s.join(', ')}]`,
    );
  if (s.length === 2) return { n: 1, h: s[0]!, w: s[1]!, c: 1 };
  if (s.length === 3) return { n: s[0]!, h: s[1]!, w: s[2]!, c: 1 };
  if (s.length === 4 && (s[3] === 1 || s[3] === 3)) return { n: s[0]!, h: s[1]!, w: s[2]!, c: s[3]! };
  throw bad();
}

/** Image `i` of a batch as RGBA pixels: grayscale or RGB; values mapped from the range to 0..255. */
export function imagePixels(a: Dense, b: ImageBatchShape, i: number, range: Range): Pixels {
  const size = b.h * b.w * b.c;
  const start = i * size;
  const [lo, hi] = bounds(a.data, start, start + size, range);
  const k = hi > lo ? 255 / (hi - lo) : 0;
  const out = new Uint8ClampedArray(b.h * b.w * 4);
  for (let p = 0; p < b.h * b.w; p++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = a.data[start + p * b.c + (b.c === 3 ? ch : 0)]!;
      out[p * 4 + ch] = Number.isNaN(v) ? 128 : (v - lo) * k;
    }
    out[p * 4 + 3] = 255;
  }
  return { width: b.w, height: b.h, data: out };
}

/** A 2-D map (filter, feature map, matrix) as pixels: gray or viridis; strided access picks one channel of HWC data. */
export function mapPixels(
  data: ArrayLike<number>,
  h: number,
  w: number,
  at: (y: number, x: number) => number,
  colormap: 'gray' | 'viridis',
  lo: number,
  hi: number,
): Pixels {
  const out = new Uint8ClampedArray(h * w * 4);
  const k = hi > lo ? 1 / (hi - lo) : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[at(y, x)]!;
      const t = hi > lo ? (v - lo) * k : 0.5;
      const o = (y * w + x) * 4;
      if (colormap === 'viridis') {
        const c = viridis(t);
        out[o] = c[0];
        out[o + 1] = c[1];
        out[o + 2] = c[2];
      } else {
        const g = Number.isNaN(t) ? 128 : Math.min(1, Math.max(0, t)) * 255;
        out[o] = g;
        out[o + 1] = g;
        out[o + 2] = g;
      }
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}
