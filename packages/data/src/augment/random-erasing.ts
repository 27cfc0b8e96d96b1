import { checkKeys, checkSeed, seededRandom } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkBatch, checkRange, type Seeded } from './check';

/** The option keys of `randomErasing`. */
export const RANDOM_ERASING_KEYS: readonly string[] = [
  'probability',
  'minArea',
  'maxArea',
  'maxAspect',
  'value',
  'seed',
];

/** Options of `randomErasing` (Zhong et al. 2017). */
export interface RandomErasingOptions extends Seeded {
  /** Chance that an image gets a rectangle; default 0.5. */
  readonly probability?: number;
  /** Smallest rectangle, as a fraction of the image area; default 0.02. */
  readonly minArea?: number;
  /** Largest rectangle, as a fraction of the image area; default 0.2. */
  readonly maxArea?: number;
  /** Largest aspect ratio (and 1/it the smallest); default 3.3. */
  readonly maxAspect?: number;
  /** Fill value of the rectangle; default 0. */
  readonly value?: number;
}

/** Per image, with `probability`, fills one seeded random rectangle with `value`; returns a new tensor. */
export function randomErasing(x: tf.Tensor4D, options: RandomErasingOptions): tf.Tensor4D {
  const where = 'randomErasing';
  checkBatch(x, where);
  checkKeys(options ?? {}, RANDOM_ERASING_KEYS, where);
  const p = checkRange(options?.probability ?? 0.5, where, 'probability', 0, 1);
  const minArea = checkRange(options.minArea ?? 0.02, where, 'minArea', 0, 1);
  const maxArea = checkRange(options.maxArea ?? 0.2, where, 'maxArea', minArea, 1);
  const maxAspect = checkRange(options.maxAspect ?? 3.3, where, 'maxAspect', 1, 100);
  const value = checkRange(options.value ?? 0, where, 'value', 0, 1);
  const random = seededRandom(checkSeed(where, options.seed));
  const [b, h, w] = x.shape;
  // The rectangles are drawn in JS (a few numbers per image) and applied as one mask on the device.
  const keep = new Float32Array(b * h * w).fill(1);
  for (let i = 0; i < b; i++) {
    if (random() >= p) continue;
    const area = (minArea + random() * (maxArea - minArea)) * h * w;
    const aspect = Math.exp((random() * 2 - 1) * Math.log(maxAspect));
    const eh = Math.max(1, Math.min(h, Math.round(Math.sqrt(area * aspect))));
    const ew = Math.max(1, Math.min(w, Math.round(Math.sqrt(area / aspect))));
    const top = Math.floor(random() * (h - eh + 1));
    const left = Math.floor(random() * (w - ew + 1));
    for (let r = top; r < top + eh; r++)
      keep.fill(0, i * h * w + r * w + left, i * h * w + r * w + left + ew);
  }
  return tf.tidy(() => {
    const k = tf.tensor4d(keep, [b, h, w, 1]);
    return tf.add(tf.mul(x, k), tf.mul(tf.sub(1, k), value));
  });
}
