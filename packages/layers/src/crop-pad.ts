import * as tf from '@tensorflow/tfjs-core';
import { defineLayer } from './custom-layer';
import type { Shape } from './module';
import { checkRank, formatShape, where } from './shape';
import type { LayerSpec, NameOption } from './spec';

/** Rows and columns at each side: `[[top, bottom], [left, right]]`. */
export type Sides = [[number, number], [number, number]];

/** How much to crop or pad: one number for every side, `[rows, cols]` for both sides of each, or `[[t, b], [l, r]]`. */
export type SidesOption =
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]];

/** Options of `cropping2d`. */
export interface Cropping2dOptions extends NameOption {
  /** Rows and columns dropped (Keras's `cropping`). */
  cropping: SidesOption;
}

/** Options of `zeroPadding2d`. */
export interface ZeroPadding2dOptions extends NameOption {
  /** Rows and columns of zeros added (Keras's `padding`); default 1. */
  padding?: SidesOption;
}

function toSides(value: unknown, name: string, kind: string): Sides {
  const ok = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (ok(value))
    return [
      [value, value],
      [value, value],
    ];
  if (Array.isArray(value) && value.length === 2) {
    if (value.every(ok)) {
      const [h, w] = value as [number, number];
      return [
        [h, h],
        [w, w],
      ];
    }
    if (value.every((p) => Array.isArray(p) && p.length === 2 && p.every(ok))) {
      const [[t, b], [l, r]] = value as [[number, number], [number, number]];
      return [
        [t, b],
        [l, r],
      ];
    }
  }
  throw new Error(
    `${kind}: ${name} must be an integer >= 0, [rows, cols] or [[top, bottom], [left, right]], got ${JSON.stringify(value)}`,
  );
}

function sideShape(
  kind: string,
  path: string,
  inputShape: Shape,
  [[t, b], [l, r]]: Sides,
  sign: 1 | -1,
): Shape {
  checkRank(kind, path, inputShape, 3, '[batch, height, width, channels]');
  const [h, w, c] = inputShape as [number, number, number];
  const oh = h + sign * (t + b);
  const ow = w + sign * (l + r);
  if (oh < 1 || ow < 1) {
    throw new Error(
      `${where(kind, path)}: cannot crop ${t + b} rows and ${l + r} columns from ${formatShape(inputShape)}`,
    );
  }
  return [oh, ow, c];
}

const cropping2dLayer = defineLayer<Cropping2dOptions, { cropping: Sides }>({
  kind: 'cropping2d',
  options: ['cropping'],
  check: (o) => ({ cropping: toSides(o.cropping, 'cropping', 'cropping2d') }),
  outputShape: (s, { cropping }, path) => sideShape('cropping2d', path, s, cropping, -1),
  forward: (_params, x, { cropping: [[t], [l]] }, { outputShape: [oh, ow] }) =>
    tf.slice(x, [0, t, l, 0], [-1, oh!, ow!, -1]),
});

const zeroPadding2dLayer = defineLayer<ZeroPadding2dOptions, { padding: Sides }>({
  kind: 'zeroPadding2d',
  options: ['padding'],
  check: (o) => ({ padding: toSides(o.padding ?? 1, 'padding', 'zeroPadding2d') }),
  outputShape: (s, { padding }, path) => sideShape('zeroPadding2d', path, s, padding, 1),
  forward: (_params, x, { padding }) => tf.pad(x, [[0, 0], ...padding, [0, 0]]),
});

/**
 * Drops rows and columns at the sides: [b, h, w, c] → [b, h - t - bottom, w - l - r, c]; fixes a U-Net level whose
 * size was rounded. @example cropping2d({ cropping: [[0, 1], [0, 1]] }) // 8x8 → 7x7
 */
export function cropping2d(options: Cropping2dOptions): LayerSpec<{ cropping: Sides; name?: string }> {
  return cropping2dLayer(options);
}

/**
 * Adds rows and columns of zeros at the sides: [b, h, w, c] → [b, h + t + bottom, w + l + r, c].
 * @example zeroPadding2d({ padding: 1 }) // 7x7 → 9x9
 */
export function zeroPadding2d(
  options: ZeroPadding2dOptions = {},
): LayerSpec<{ padding: Sides; name?: string }> {
  return zeroPadding2dLayer(options);
}
