import * as tf from '@tensorflow/tfjs-core';
import { defineLayer } from './custom-layer';
import { randomSeed } from './rng';
import type { LayerSpec, NameOption } from './spec';

/** Options of `gaussianNoise`. */
export interface GaussianNoiseOptions extends NameOption {
  /** Standard deviation of the added noise, > 0. */
  stddev: number;
  /** Clips the noisy values to [min, max] (e.g. [0, 1] for images in that range); default: no clipping. */
  clip?: readonly [number, number];
}

function checkOptions(options: GaussianNoiseOptions): GaussianNoiseOptions {
  const { stddev, clip } = options;
  if (typeof stddev !== 'number' || !Number.isFinite(stddev) || stddev <= 0) {
    throw new Error(`gaussianNoise: stddev must be a number > 0, got ${JSON.stringify(stddev)}`);
  }
  if (
    clip !== undefined &&
    !(
      Array.isArray(clip) &&
      clip.length === 2 &&
      clip.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
      clip[0] < clip[1]
    )
  ) {
    throw new Error(`gaussianNoise: clip must be [min, max] with min < max, got ${JSON.stringify(clip)}`);
  }
  return { stddev, ...(clip ? { clip: [clip[0], clip[1]] as const } : {}) };
}

const gaussianNoiseLayer = defineLayer<GaussianNoiseOptions>({
  kind: 'gaussianNoise',
  options: ['stddev', 'clip'],
  check: checkOptions,
  outputShape: (inputShape) => inputShape,
  forward: (_params, x, { stddev, clip }, { training, seed }) => {
    // NOTE: a clone at inference, so that disposing the output never disposes the caller's input.
    if (!training) return tf.clone(x);
    const noisy = tf.add(x, tf.randomNormal(x.shape, 0, stddev, 'float32', seed ?? randomSeed()));
    return clip ? tf.clipByValue(noisy, clip[0], clip[1]) : noisy;
  },
});

/**
 * Adds N(0, stddev²) noise while training (the denoising autoencoder's corruption), clipped to `clip` when given;
 * identity at inference. Any shape; no params. The noise follows `ctx.seed` when given.
 * @example gaussianNoise({ stddev: 0.3, clip: [0, 1] }).apply(x)
 */
export function gaussianNoise(options: GaussianNoiseOptions): LayerSpec<GaussianNoiseOptions> {
  return gaussianNoiseLayer(options);
}
