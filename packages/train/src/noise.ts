import * as tf from '@tensorflow/tfjs-core';

/** Input corruption for denoising: additive gaussian noise (clipped to [0, 1]) or masking pixels to 0. */
export type NoiseSpec =
  | { readonly kind: 'gaussian'; readonly std?: number }
  | { readonly kind: 'mask'; readonly rate?: number };

/** Checks a noise spec and fills in defaults (gaussian std 0.3, mask rate 0.25). */
export function resolveNoise(spec: NoiseSpec | undefined): Required<NoiseSpec> {
  const s = spec ?? { kind: 'gaussian' };
  if (s.kind === 'gaussian') {
    const std = s.std ?? 0.3;
    if (!(std > 0 && Number.isFinite(std)))
      throw new Error(`noise: gaussian std must be a finite number > 0, got ${std}`);
    return { kind: 'gaussian', std };
  }
  if (s.kind === 'mask') {
    const rate = s.rate ?? 0.25;
    if (!(rate > 0 && rate < 1)) throw new Error(`noise: mask rate must be in (0, 1), got ${rate}`);
    return { kind: 'mask', rate };
  }
  throw new Error(
    `noise: expected { kind: 'gaussian', std? } or { kind: 'mask', rate? }, got ${JSON.stringify(spec)}`,
  );
}

/** A corrupted copy of `x` (values in [0, 1]); the same seed gives the same noise on every backend. */
export function corrupt(x: tf.Tensor, noise: Required<NoiseSpec>, seed: number): tf.Tensor {
  return tf.tidy(() => {
    if (noise.kind === 'gaussian') {
      return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, noise.std, 'float32', seed)), 0, 1);
    }
    const keep = tf.cast(
      tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), noise.rate),
      'float32',
    );
    return tf.mul(x, keep);
  });
}
