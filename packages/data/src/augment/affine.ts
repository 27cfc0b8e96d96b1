import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../rng';
import { checkBatch, checkRange, checkSeed, type Seeded } from './check';

/**
 * Resamples each image of a batch with its own affine map; `maps[i]` = [a0, a1, a2, b0, b1, b2] sends output
 * pixel (x, y) to input point (a0 x + a1 y + a2, b0 x + b1 y + b2); outside pixels are 0.
 */
export function affineResample(
  x: tf.Tensor4D,
  maps: ReadonlyArray<readonly number[]>,
  interpolation: 'nearest' | 'bilinear',
): tf.Tensor4D {
  const t = new Float32Array(maps.length * 8);
  maps.forEach((m, i) => {
    t.set(m, i * 8);
  });
  return tf.tidy(() => tf.image.transform(x, tf.tensor2d(t, [maps.length, 8]), interpolation, 'constant', 0));
}

/** Options of `randomShift`. */
export interface RandomShiftOptions extends Seeded {
  /** Largest shift in pixels along each axis; each image gets integer shifts in [-maxShift, maxShift]. */
  readonly maxShift: number;
}

/** Shifts each image by seeded random whole pixels (exact, no blur), filling with 0; returns a new tensor. */
export function randomShift(x: tf.Tensor4D, options: RandomShiftOptions): tf.Tensor4D {
  checkBatch(x, 'randomShift');
  const maxShift = checkRange(
    options?.maxShift,
    'randomShift',
    'maxShift',
    0,
    Math.max(x.shape[1], x.shape[2]),
  );
  const random = seededRandom(checkSeed(options.seed, 'randomShift'));
  const m = Math.floor(maxShift);
  const draw = () => Math.floor(random() * (2 * m + 1)) - m;
  const maps = Array.from({ length: x.shape[0] }, () => {
    const dx = draw();
    const dy = draw();
    return [1, 0, -dx, 0, 1, -dy];
  });
  return affineResample(x, maps, 'nearest');
}

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
  const maxDegrees = checkRange(options?.maxDegrees, 'randomRotation', 'maxDegrees', 0, 180);
  const random = seededRandom(checkSeed(options.seed, 'randomRotation'));
  const [, h, w] = x.shape;
  const maps = Array.from({ length: x.shape[0] }, () =>
    rotationMap((((random() * 2 - 1) * maxDegrees) / 180) * Math.PI, h, w),
  );
  return affineResample(x, maps, options.interpolation ?? 'bilinear');
}
