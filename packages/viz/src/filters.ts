import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, toDense } from './array.js';
import { formatNumber } from './axes.js';
import { mapPixels, minMax } from './pixels.js';
import type { Pixels, Scene } from './scene.js';
import { type TileGridLayout, tileGrid } from './tiles.js';

/** Options of {@link filterGrid}. */
/** The layout keys filterGrid and featureMaps take from TileGridLayout. */
const TILE_KEYS = ['columns', 'cellSize', 'fontSize'];

export interface FilterGridOptions extends Omit<TileGridLayout, 'title' | 'captions' | 'subtitle'> {
  title?: string;
  /**
   * Which input channel to show: 'rgb' (needs 3 input channels, default then), 'mean' over input channels
   * (default otherwise), or one channel index.
   */
  channel?: 'rgb' | 'mean' | number;
  /** At most this many filters (default 64). */
  maxFilters?: number;
  /** 'each' stretches every filter to its own min..max (default); 'shared' uses one range for all. */
  normalize?: 'each' | 'shared';
}

/** Conv kernels [kh, kw, inChannels, filters] (tfjs layout) as a grid of small images, one per filter. */
export function filterGrid(kernel: ArrayInput, opts: FilterGridOptions = {}): Scene {
  const where = 'filterGrid';
  checkKeys(opts, [...TILE_KEYS, 'title', 'channel', 'maxFilters', 'normalize'], where);
  const a = toDense(kernel, `${where}: kernel`);
  if (a.shape.length !== 4) {
    throw new Error(
      `${where}: expected a conv kernel shaped [kh, kw, inChannels, filters], got [${a.shape.join(', ')}]`,
    );
  }
  const [kh, kw, cin, cout] = a.shape as [number, number, number, number];
  const channel = opts.channel ?? (cin === 3 ? 'rgb' : 'mean');
  if (channel === 'rgb' && cin !== 3)
    throw new Error(`${where}: channel 'rgb' needs 3 input channels, the kernel has ${cin}`);
  if (typeof channel === 'number' && !(Number.isInteger(channel) && channel >= 0 && channel < cin)) {
    throw new Error(
      `${where}: channel must be an integer in [0, ${cin - 1}], 'mean' or 'rgb'; got ${channel}`,
    );
  }
  const n = Math.min(cout, opts.maxFilters ?? 64);
  const idx = (y: number, x: number, c: number, f: number) => ((y * kw + x) * cin + c) * cout + f;
  // One plane per filter (3 planes interleaved for rgb), so normalisation and colouring are uniform.
  const planes = Array.from({ length: n }, (_, f) => {
    const depth = channel === 'rgb' ? 3 : 1;
    const out = new Float32Array(kh * kw * depth);
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        for (let c = 0; c < depth; c++) {
          let v: number;
          if (channel === 'mean') {
            v = 0;
            for (let ci = 0; ci < cin; ci++) v += a.data[idx(y, x, ci, f)]!;
            v /= cin;
          } else {
            v = a.data[idx(y, x, channel === 'rgb' ? c : channel, f)]!;
          }
          out[(y * kw + x) * depth + c] = v;
        }
      }
    }
    return out;
  });
  const shared = minMax(Float32Array.from(planes.flatMap((p) => Array.from(p))));
  const tiles: Pixels[] = planes.map((p) => {
    const [lo, hi] = opts.normalize === 'shared' ? shared : minMax(p);
    if (channel !== 'rgb') return mapPixels(p, kh, kw, (y, x) => y * kw + x, 'gray', lo, hi);
    const data = new Uint8ClampedArray(kh * kw * 4);
    const k = hi > lo ? 255 / (hi - lo) : 0;
    for (let i = 0; i < kh * kw; i++) {
      for (let c = 0; c < 3; c++) data[i * 4 + c] = hi > lo ? (p[i * 3 + c]! - lo) * k : 128;
      data[i * 4 + 3] = 255;
    }
    return { width: kw, height: kh, data };
  });
  const what =
    channel === 'rgb'
      ? 'RGB'
      : channel === 'mean'
        ? cin === 1
          ? 'one input channel'
          : `mean of ${cin} input channels`
        : `input channel ${channel}`;
  const norm =
    opts.normalize === 'shared'
      ? `shared range ${formatNumber(shared[0])}..${formatNumber(shared[1])}`
      : 'each stretched to its own range';
  return tileGrid(tiles, {
    ...opts,
    title: opts.title ?? `Conv filters ${kh}x${kw}, ${n} of ${cout}`,
    subtitle: `${what}; ${norm}; dark = low, light = high`,
  });
}

/** Options of {@link featureMaps}. */
export interface FeatureMapsOptions extends Omit<TileGridLayout, 'title' | 'captions' | 'subtitle'> {
  title?: string;
  /** At most this many channels (default 32). */
  maxMaps?: number;
  /** Default 'viridis'. */
  colormap?: 'gray' | 'viridis';
}

/** Activations of one input, [h, w, channels] or [1, h, w, channels], as a grid with one tile per channel. */
export function featureMaps(activation: ArrayInput, opts: FeatureMapsOptions = {}): Scene {
  const where = 'featureMaps';
  checkKeys(opts, [...TILE_KEYS, 'title', 'maxMaps', 'colormap'], where);
  const a = toDense(activation, `${where}: activation`);
  const s = a.shape;
  if (!(s.length === 3 || (s.length === 4 && s[0] === 1))) {
    throw new Error(
      `${where}: expected the activations of one input, [h, w, c] or [1, h, w, c], got [${s.join(', ')}]`,
    );
  }
  const [h, w, c] = s.slice(-3) as [number, number, number];
  const n = Math.min(c, opts.maxMaps ?? 32);
  const tiles = Array.from({ length: n }, (_, ch) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < h * w; i++) {
      const v = a.data[i * c + ch]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return mapPixels(a.data, h, w, (y, x) => (y * w + x) * c + ch, opts.colormap ?? 'viridis', lo, hi);
  });
  return tileGrid(tiles, {
    ...opts,
    title: opts.title ?? `Feature maps ${h}x${w}, ${n} of ${c} channels`,
    subtitle: 'each map stretched to its own range',
  });
}
