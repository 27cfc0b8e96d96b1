import { checkInt, checkKeys, type GraphModule, type Module, randomSeed } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { checkMixture, type LatentMixture, sampleMixture } from './latent-mixture';
import type { AecnnModel } from './model';

// Helpers over a model built by `vae` (or rebuilt from its config): they find its encoder and decoder by name.

interface VaeParts {
  readonly encoder: GraphModule;
  readonly decoder: Module;
  readonly latentDim: number;
}

function vaeParts(model: AecnnModel, where: string): VaeParts {
  const isVae =
    model != null &&
    typeof model.forward === 'function' &&
    ['mean', 'logVar', 'latent', 'reconstruction'].every((n) => model.outputNames?.includes(n)) &&
    model.modules?.encoder !== undefined &&
    model.modules?.decoder !== undefined;
  if (!isVae) {
    const outputs = model?.outputNames?.join(', ') || 'none';
    throw new Error(
      `${where}: expected a VAE from vae() (outputs mean, logVar, latent, reconstruction), got a model with outputs ${outputs}`,
    );
  }
  const decoder = model.modules.decoder!;
  return { encoder: model.modules.encoder as GraphModule, decoder, latentDim: decoder.inputShape[0]! };
}

/** The latent size of a VAE (throws, naming `where`, for any other model). */
export function latentDimOf(model: AecnnModel, where: string): number {
  return vaeParts(model, where).latentDim;
}

function checkImages(where: string, name: string, x: tf.Tensor, shape: readonly number[]): void {
  const ok =
    x instanceof tf.Tensor && x.rank === shape.length + 1 && shape.every((s, i) => x.shape[i + 1] === s);
  if (!ok) {
    const got = x instanceof tf.Tensor ? `[${x.shape.join(', ')}]` : String(x);
    throw new Error(`${where}: ${name} must be images [batch, ${shape.join(', ')}], got ${got}`);
  }
}

/** The posterior of each image: `mean` and `logVar`, [b, latentDim] each (inference mode). Dispose both. */
export function encode(model: AecnnModel, x: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
  const { encoder } = vaeParts(model, 'encode');
  checkImages('encode', 'x', x, model.inputShape);
  const out = encoder.forward(x, { training: false });
  return { mean: out.mean as tf.Tensor2D, logVar: out.logVar as tf.Tensor2D };
}

/** Decodes latent vectors z [b, latentDim] into images [b, h, w, c] of pixel probabilities. */
export function decode(model: AecnnModel, z: tf.Tensor): tf.Tensor4D {
  const { decoder, latentDim } = vaeParts(model, 'decode');
  if (!(z instanceof tf.Tensor) || z.rank !== 2 || z.shape[1] !== latentDim) {
    const got = z instanceof tf.Tensor ? `[${z.shape.join(', ')}]` : String(z);
    throw new Error(`decode: z must be latent vectors [batch, ${latentDim}], got ${got}`);
  }
  return decoder.apply(z, { training: false }) as tf.Tensor4D;
}

/** Options of `generate`. */
export interface GenerateOptions {
  /** Seed of the prior samples: one seed, the same images (default: random). */
  readonly seed?: number;
  /** Draw z from this mixture (`fitLatentMixture`) instead of the VAE's N(0, I) prior. */
  readonly prior?: LatentMixture;
}

/**
 * `n` images [n, h, w, c] decoded from z ~ N(0, I), the VAE's prior, or from `options.prior` (a mixture fitted to
 * the training images' codes); seeded by `options.seed`.
 */
export function generate(model: AecnnModel, n: number, options: GenerateOptions = {}): tf.Tensor4D {
  const { latentDim } = vaeParts(model, 'generate');
  checkInt('generate', 'n', n);
  checkKeys(options, ['seed', 'prior'], 'generate');
  const seed = options.seed === undefined ? undefined : checkInt('generate', 'seed', options.seed, 0);
  const { prior } = options;
  if (prior !== undefined) checkMixture('generate', prior, latentDim);
  return tf.tidy(() =>
    decode(
      model,
      prior
        ? sampleMixture(prior, n, seed ?? randomSeed())
        : tf.randomNormal([n, latentDim], 0, 1, 'float32', seed),
    ),
  );
}

/**
 * `steps` images [steps, h, w, c] decoded along the straight line between the posterior means of images `a` and
 * `b` (each [h, w, c] or [1, h, w, c]); the first and last are the decoded means of `a` and `b`.
 */
export function interpolate(model: AecnnModel, a: tf.Tensor, b: tf.Tensor, steps: number): tf.Tensor4D {
  vaeParts(model, 'interpolate');
  checkInt('interpolate', 'steps', steps, 2);
  const one = (t: tf.Tensor, name: string) => {
    const x = t instanceof tf.Tensor && t.rank === model.inputShape.length ? tf.expandDims(t, 0) : t;
    checkImages('interpolate', name, x, model.inputShape);
    if (x.shape[0] !== 1) {
      throw new Error(`interpolate: ${name} must be one image, got a batch of ${x.shape[0]}`);
    }
    return encode(model, x).mean;
  };
  return tf.tidy(() => {
    const za = one(a, 'a');
    const zb = one(b, 'b');
    const t = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
    return decode(model, tf.add(za, tf.mul(t, tf.sub(zb, za))));
  });
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9), for 0 < p < 1. */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((s, v) => s * x + v, 0);
  const tail = (q: number) => {
    const t = Math.sqrt(-2 * Math.log(q));
    return poly(c, t) / (poly(d, t) * t + 1);
  };
  if (p < 0.02425) return tail(p);
  if (p > 1 - 0.02425) return -tail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * A 2-D VAE's decoded latent manifold: `steps` x `steps` images [steps², h, w, c] over the prior's quantiles
 * (z at the normal quantiles of (i + 0.5) / steps; row i has z₂ from high to low, column j z₁ from low to high).
 */
export function latentManifold(model: AecnnModel, steps = 10): tf.Tensor4D {
  const { latentDim } = vaeParts(model, 'latentManifold');
  if (latentDim !== 2) {
    throw new Error(
      `latentManifold: expected a VAE with latentDim 2 (a plane to draw), got latentDim ${latentDim}`,
    );
  }
  checkInt('latentManifold', 'steps', steps, 2);
  const z = Array.from({ length: steps }, (_, i) => normalQuantile((i + 0.5) / steps));
  const grid: number[] = [];
  for (let i = 0; i < steps; i++) for (let j = 0; j < steps; j++) grid.push(z[j]!, z[steps - 1 - i]!);
  return tf.tidy(() => decode(model, tf.tensor2d(grid, [steps * steps, 2])));
}
