import * as tf from '@tensorflow/tfjs-core';

/**
 * Input corruption for denoising: additive gaussian noise (clipped to [0, 1]), salt-and-pepper (a share `rate`
 * of the pixels set to 0 or 1, half each), or masking (a share `rate` of the pixels set to 0).
 */
export type NoiseSpec =
  | { readonly kind: 'gaussian'; readonly std?: number }
  | { readonly kind: 'saltPepper'; readonly rate?: number }
  | { readonly kind: 'mask'; readonly rate?: number };

/** The noise kinds, in the order error messages list them. */
export const NOISE_KINDS: readonly NoiseSpec['kind'][] = Object.freeze(['gaussian', 'saltPepper', 'mask']);

const DEFAULT_RATE = { saltPepper: 0.1, mask: 0.25 } as const;

/** Checks a noise spec and fills in defaults (gaussian std 0.3, saltPepper rate 0.1, mask rate 0.25). */
export function resolveNoise(spec: NoiseSpec | undefined): Required<NoiseSpec> {
  const s = spec ?? { kind: 'gaussian' };
  if (s.kind === 'gaussian') {
    const std = s.std ?? 0.3;
    if (!(typeof std === 'number' && std > 0 && Number.isFinite(std)))
      throw new Error(`noise: gaussian std must be a finite number > 0, got ${std}`);
    return { kind: 'gaussian', std };
  }
  if (s.kind === 'mask' || s.kind === 'saltPepper') {
    const rate = s.rate ?? DEFAULT_RATE[s.kind];
    if (!(typeof rate === 'number' && rate > 0 && rate < 1))
      throw new Error(`noise: ${s.kind} rate must be a number in (0, 1), got ${rate}`);
    return { kind: s.kind, rate };
  }
  throw new Error(
    `noise: expected { kind: 'gaussian', std? }, { kind: 'saltPepper', rate? } or { kind: 'mask', rate? }, got ${JSON.stringify(spec)}`,
  );
}

/** A corrupted copy of `x` (values in [0, 1]); the same seed gives the same noise on every backend. */
export function corrupt(x: tf.Tensor, noise: Required<NoiseSpec>, seed: number): tf.Tensor {
  return tf.tidy(() => {
    if (noise.kind === 'gaussian') {
      return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, noise.std, 'float32', seed)), 0, 1);
    }
    const u = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
    const keep = tf.cast(tf.greaterEqual(u, noise.rate), 'float32');
    if (noise.kind === 'mask') return tf.mul(x, keep);
    // u < rate / 2 → pepper (0), rate / 2 <= u < rate → salt (1): x * keep + salt.
    const salt = tf.cast(
      tf.logicalAnd(tf.greaterEqual(u, noise.rate / 2), tf.less(u, noise.rate)),
      'float32',
    );
    return tf.add(tf.mul(x, keep), salt);
  });
}
