import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import type { Shape } from './module';
import { checkKeys, checkRank, formatShape, where } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

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

/**
 * Drops rows and columns at the sides: [b, h, w, c] → [b, h - t - bottom, w - l - r, c]; fixes a U-Net level whose
 * size was rounded. @example cropping2d({ cropping: [[0, 1], [0, 1]] }) // 8x8 → 7x7
 */
export function cropping2d(options: Cropping2dOptions): LayerSpec<{ cropping: Sides; name?: string }> {
  checkKeys(options, ['cropping', 'name'], 'cropping2d');
  const name = checkName(options.name, 'cropping2d');
  const cropping = toSides(options.cropping, 'cropping', 'cropping2d');
  const o = { cropping, ...(name ? { name } : {}) };
  const [[t], [l]] = cropping;
  return layer({
    kind: 'cropping2d',
    options: o,
    outputShape: (s) => sideShape('cropping2d', name ?? '', s, cropping, -1),
    build(inputShape, ctx) {
      const outputShape = sideShape('cropping2d', ctx.path, inputShape, cropping, -1);
      return defineModule({
        kind: 'cropping2d',
        config: { kind: 'cropping2d', ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        forward: (x) => tf.slice(x, [0, t, l, 0], [-1, outputShape[0]!, outputShape[1]!, -1]),
      });
    },
  });
}

/**
 * Adds rows and columns of zeros at the sides: [b, h, w, c] → [b, h + t + bottom, w + l + r, c].
 * @example zeroPadding2d({ padding: 1 }) // 7x7 → 9x9
 */
export function zeroPadding2d(
  options: ZeroPadding2dOptions = {},
): LayerSpec<{ padding: Sides; name?: string }> {
  checkKeys(options, ['padding', 'name'], 'zeroPadding2d');
  const name = checkName(options.name, 'zeroPadding2d');
  const padding = toSides(options.padding ?? 1, 'padding', 'zeroPadding2d');
  const o = { padding, ...(name ? { name } : {}) };
  return layer({
    kind: 'zeroPadding2d',
    options: o,
    outputShape: (s) => sideShape('zeroPadding2d', name ?? '', s, padding, 1),
    build(inputShape, ctx) {
      const outputShape = sideShape('zeroPadding2d', ctx.path, inputShape, padding, 1);
      return defineModule({
        kind: 'zeroPadding2d',
        config: { kind: 'zeroPadding2d', ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        forward: (x) => tf.pad(x, [[0, 0], ...padding, [0, 0]]),
      });
    },
  });
}
