import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import { randomSeed } from './rng';
import { checkKeys } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `gaussianNoise`. */
export interface GaussianNoiseOptions extends NameOption {
  /** Standard deviation of the added noise, > 0. */
  stddev: number;
  /** Clips the noisy values to [min, max] (e.g. [0, 1] for images in that range); default: no clipping. */
  clip?: readonly [number, number];
}

function checkOptions(options: GaussianNoiseOptions): GaussianNoiseOptions {
  checkKeys(options, ['stddev', 'clip', 'name'], 'gaussianNoise');
  const name = checkName(options.name, 'gaussianNoise');
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
  return { stddev, ...(clip ? { clip: [clip[0], clip[1]] as const } : {}), ...(name ? { name } : {}) };
}

/**
 * Adds N(0, stddev²) noise while training (the denoising autoencoder's corruption), clipped to `clip` when given;
 * identity at inference. Any shape; no params. The noise follows `ctx.seed` when given.
 * @example gaussianNoise({ stddev: 0.3, clip: [0, 1] }).apply(x)
 */
export function gaussianNoise(options: GaussianNoiseOptions): LayerSpec<GaussianNoiseOptions> {
  const o = checkOptions(options);
  return layer({
    kind: 'gaussianNoise',
    options: o,
    outputShape: (inputShape) => inputShape,
    build(inputShape, ctx) {
      return defineModule({
        kind: 'gaussianNoise',
        config: { kind: 'gaussianNoise', ...o, ...(o.clip ? { clip: [...o.clip] } : {}) },
        path: ctx.path,
        inputShape,
        outputShape: inputShape,
        forward(x, { training, seed }) {
          // NOTE: a clone at inference, so that disposing the output never disposes the caller's input.
          if (!training) return tf.clone(x);
          const noisy = tf.add(x, tf.randomNormal(x.shape, 0, o.stddev, 'float32', seed ?? randomSeed()));
          return o.clip ? tf.clipByValue(noisy, o.clip[0], o.clip[1]) : noisy;
        },
      });
    },
  });
}
