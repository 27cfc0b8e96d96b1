import { checkKeys, checkSeed, seededRandom } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkRange, type Seeded } from './check';

/**
 * Resamples each image of a batch with its own affine map; `maps[i]` = [a0, a1, a2, b0, b1, b2] sends output
 * pixel (x, y) to input point (a0 x + a1 y + a2, b0 x + b1 y + b2); points outside the image read 0.
 */
export function affineResample(
  x: tf.Tensor4D,
  maps: ReadonlyArray<readonly number[]>,
  interpolation: 'nearest' | 'bilinear',
): tf.Tensor4D {
  // NOTE: not tf.image.transform: its cpu kernel (tfjs 4.22) returns after the first image of a batch, leaving
  // the rest black. Sampling positions depend only on the maps, so we compute them here and gather on device.
  const [b, h, w, c] = x.shape;
  if (maps.length !== b) throw new Error(`affineResample: ${maps.length} maps for a batch of ${b}`);
  const n = b * h * w;
  const taps = interpolation === 'nearest' ? 1 : 4;
  const index = Array.from({ length: taps }, () => new Int32Array(n).fill(n)); // n = the appended zero row
  const weight = Array.from({ length: taps }, () => new Float32Array(n));
  const tap = (k: number, o: number, img: number, yy: number, xx: number, wt: number) => {
    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
      index[k]![o] = img * h * w + yy * w + xx;
      weight[k]![o] = wt;
    }
  };
  for (let i = 0; i < b; i++) {
    const [a0, a1, a2, b0, b1, b2] = maps[i]! as [number, number, number, number, number, number];
    for (let oy = 0; oy < h; oy++) {
      for (let ox = 0; ox < w; ox++) {
        const o = i * h * w + oy * w + ox;
        const ix = a0 * ox + a1 * oy + a2;
        const iy = b0 * ox + b1 * oy + b2;
        if (taps === 1) {
          tap(0, o, i, Math.round(iy), Math.round(ix), 1);
          continue;
        }
        const x0 = Math.floor(ix);
        const y0 = Math.floor(iy);
        const fx = ix - x0;
        const fy = iy - y0;
        tap(0, o, i, y0, x0, (1 - fx) * (1 - fy));
        tap(1, o, i, y0, x0 + 1, fx * (1 - fy));
        tap(2, o, i, y0 + 1, x0, (1 - fx) * fy);
        tap(3, o, i, y0 + 1, x0 + 1, fx * fy);
      }
    }
  }
  return tf.tidy(() => {
    const rows = tf.concat([tf.reshape(x, [n, c]), tf.zeros([1, c])], 0);
    const parts = index.map((idx, k) => {
      const g = tf.gather(rows, tf.tensor1d(idx, 'int32'));
      return taps === 1 ? g : tf.mul(g, tf.tensor2d(weight[k]!, [n, 1]));
    });
    return tf.reshape(taps === 1 ? parts[0]! : tf.addN(parts), [b, h, w, c]);
  });
}

/** The option keys of `randomShift`. */
export const RANDOM_SHIFT_KEYS: readonly string[] = ['maxShift', 'seed'];

/** Options of `randomShift`. */
export interface RandomShiftOptions extends Seeded {
  /** Largest shift in pixels along each axis; each image gets integer shifts in [-maxShift, maxShift]. */
  readonly maxShift: number;
}

/** Shifts each image by seeded random whole pixels (exact, no blur), filling with 0; returns a new tensor. */
export function randomShift(x: tf.Tensor4D, options: RandomShiftOptions): tf.Tensor4D {
  checkBatch(x, 'randomShift');
  checkKeys(options ?? {}, RANDOM_SHIFT_KEYS, 'randomShift');
  const maxShift = checkRange(
    options?.maxShift,
    'randomShift',
    'maxShift',
    0,
    Math.max(x.shape[1], x.shape[2]),
  );
  const random = seededRandom(checkSeed('randomShift', options.seed));
  const m = Math.floor(maxShift);
  const draw = () => Math.floor(random() * (2 * m + 1)) - m;
  const maps = Array.from({ length: x.shape[0] }, () => {
    const dx = draw();
    const dy = draw();
    return [1, 0, -dx, 0, 1, -dy];
  });
  return affineResample(x, maps, 'nearest');
}

/** The option keys of `randomRotation`. */
export const RANDOM_ROTATION_KEYS: readonly string[] = ['maxDegrees', 'interpolation', 'seed'];

/** Options of `randomRotation`. */
export interface RandomRotationOptions extends Seeded {
  /** Largest rotation in degrees; each image gets an angle in [-maxDegrees, maxDegrees]. */
  readonly maxDegrees: number;
  /** Default 'bilinear'. */
  readonly interpolation?: 'nearest' | 'bilinear';
}

/** The map rotating an h×w image by `radians` (clockwise on screen, y pointing down) about its centre. */
export function rotationMap(radians: number, h: number, w: number): number[] {
  const c = Math.cos(radians);
  const s = Math.sin(radians);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // input = R(-θ)(output - centre) + centre
  return [c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy];
}

/** Rotates each image by a seeded random angle about its centre, filling with 0; returns a new tensor. */
export function randomRotation(x: tf.Tensor4D, options: RandomRotationOptions): tf.Tensor4D {
  checkBatch(x, 'randomRotation');
  checkKeys(options ?? {}, RANDOM_ROTATION_KEYS, 'randomRotation');
  const maxDegrees = checkRange(options?.maxDegrees, 'randomRotation', 'maxDegrees', 0, 180);
  const random = seededRandom(checkSeed('randomRotation', options.seed));
  const [, h, w] = x.shape;
  const maps = Array.from({ length: x.shape[0] }, () =>
    rotationMap((((random() * 2 - 1) * maxDegrees) / 180) * Math.PI, h, w),
  );
  return affineResample(x, maps, options.interpolation ?? 'bilinear');
}
