import type { Dataset } from '@aecnn/data';
import type { Model } from '@aecnn/layers';
import { type AecnnModel, generate, interpolate, type LatentMixture, latentManifold } from '@aecnn/models';
import { corrupt, hasElbo, type NoiseSpec, resolveNoise } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';

/** A dense array as stored in samples.json: row-major values and the shape. */
export interface StoredArray {
  readonly shape: number[];
  readonly data: number[];
}

/** What the report draws that needs the model: example images and latent codes of test images. */
export interface SamplesFile {
  /** Test images [n, h, w, c] in [0, 1]. */
  readonly original: StoredArray;
  /** The inputs the model saw when denoising. */
  readonly corrupted?: StoredArray;
  readonly reconstruction?: StoredArray;
  readonly labels: number[];
  readonly predictions?: number[];
  /** Latent codes [m, d] of the first m test images, with their labels. */
  readonly latent: { readonly codes: StoredArray; readonly labels: number[] };
  /** The first conv layer's kernel [kh, kw, in, out] and its parameter path. */
  readonly filters?: { readonly name: string; readonly kernel: StoredArray };
  /** A VAE's pictures: prior samples, the way from test image 0 to test image 1, and a 2-D latent's manifold. */
  readonly vae?: {
    readonly generated: StoredArray;
    readonly interpolation: StoredArray;
    /** [steps², h, w, c], row-major over the latent plane (latentDim 2 only). */
    readonly manifold?: StoredArray;
    /** Components of the latent mixture `generated` was drawn from (absent: drawn from N(0, I)). */
    readonly mixtureComponents?: number;
  };
}

/** Prior samples, interpolated and manifold images drawn for a VAE run. */
const VAE_SAMPLES = 16;
const VAE_STEPS = 10;

async function vaeSamples(
  model: AecnnModel,
  x: tf.Tensor,
  seed: number,
  prior: LatentMixture | undefined,
): Promise<SamplesFile['vae']> {
  const model2d = model.modules.decoder?.inputShape[0] === 2;
  const pictures = tf.tidy(() => ({
    generated: generate(model, VAE_SAMPLES, { seed, ...(prior ? { prior } : {}) }),
    interpolation: interpolate(model, tf.slice(x, 0, 1), tf.slice(x, 1, 1), VAE_STEPS),
    ...(model2d ? { manifold: latentManifold(model, VAE_STEPS) } : {}),
  }));
  try {
    return {
      generated: await stored(pictures.generated),
      interpolation: await stored(pictures.interpolation),
      ...(pictures.manifold ? { manifold: await stored(pictures.manifold) } : {}),
      ...(prior ? { mixtureComponents: prior.weights.length } : {}),
    };
  } finally {
    tf.dispose(Object.values(pictures));
  }
}

/** Options of collectSamples. */
export interface CollectOptions {
  /** Example images (default 16). */
  readonly images?: number;
  /** Latent points (default 600). */
  readonly latentPoints?: number;
  /** Corrupt the example inputs as in training (denoising runs). */
  readonly noise?: NoiseSpec;
  /** A VAE's latent mixture (prior.json): its generated images are drawn from it rather than from N(0, I). */
  readonly prior?: LatentMixture;
  readonly seed?: number;
}

// Three decimals are plenty for pictures and keep samples.json small.
const round = (v: number) => Math.round(v * 1000) / 1000;

async function stored(t: tf.Tensor): Promise<StoredArray> {
  return { shape: t.shape.slice(), data: Array.from(await t.data(), round) };
}

function firstConvKernel(model: Model): { name: string; kernel: tf.Variable } | undefined {
  const walk = (
    m: Model['modules'][string],
    path: string,
  ): { name: string; kernel: tf.Variable } | undefined => {
    const k = m.params.kernel;
    if (k && k.rank === 4 && m.kind === 'conv2d') return { name: `${path}/kernel`, kernel: k };
    for (const [name, child] of Object.entries(m.children)) {
      const found = walk(child, `${path}/${name}`);
      if (found) return found;
    }
    return undefined;
  };
  const encoder = model.modules.encoder;
  return encoder ? walk(encoder, 'encoder') : undefined;
}

/** Runs the model on the first test images and collects what the report shows; tensors are freed. */
export async function collectSamples(
  model: AecnnModel,
  test: Dataset,
  o: CollectOptions = {},
): Promise<SamplesFile> {
  const n = Math.min(o.images ?? 16, test.size);
  const m = Math.min(o.latentPoints ?? 600, test.size);
  const positions = Array.from({ length: n }, (_, i) => i);
  const batch = test.gather(positions);
  const kept: tf.Tensor[] = [batch.x, ...(batch.y ? [batch.y] : [])];
  try {
    const input = o.noise ? corrupt(batch.x, resolveNoise(o.noise), o.seed ?? 0) : batch.x;
    if (input !== batch.x) kept.push(input);
    const out = model.forward(input, { training: false });
    kept.push(...Object.values(out));
    const predictions = out.logits ? tf.argMax(out.logits, 1) : undefined;
    if (predictions) kept.push(predictions);
    const codes: number[] = [];
    let d = 0;
    for (const b of test.take(m).batches({ batchSize: 200 })) {
      const out = model.forward(b.x, { training: false }, ['latent']).latent!;
      // A feature-map latent (a U-Net's bottleneck) is drawn by its channels' spatial means.
      const latent = out.rank === 4 ? tf.tidy(() => tf.mean(out, [1, 2])) : out;
      if (latent !== out) out.dispose();
      d = latent.shape[1]!;
      codes.push(...Array.from(await latent.data(), round));
      latent.dispose();
    }
    const kernel = firstConvKernel(model);
    return {
      original: await stored(batch.x),
      ...(input !== batch.x ? { corrupted: await stored(input) } : {}),
      ...(out.reconstruction ? { reconstruction: await stored(out.reconstruction) } : {}),
      labels: Array.from(test.labels().subarray(0, n)),
      ...(predictions ? { predictions: Array.from(await predictions.data()) } : {}),
      latent: { codes: { shape: [m, d], data: codes }, labels: Array.from(test.labels().subarray(0, m)) },
      ...(kernel ? { filters: { name: kernel.name, kernel: await stored(kernel.kernel) } } : {}),
      ...(hasElbo(model) && n >= 2 ? { vae: await vaeSamples(model, batch.x, o.seed ?? 0, o.prior) } : {}),
    };
  } finally {
    tf.dispose(kept);
  }
}
