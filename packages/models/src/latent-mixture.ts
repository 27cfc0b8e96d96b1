import { seededRandom } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';

// NOTE: variances are floored so that a component sitting on a few identical codes cannot collapse to a point.
const MIN_VARIANCE = 1e-4;

/**
 * A Gaussian mixture over a VAE's latent space, diagonal covariances: `weights` [K] (sum 1), `means` and
 * `variances` [K][latentDim]. Plain numbers, so it saves as JSON beside the model.
 */
export interface LatentMixture {
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly variances: readonly (readonly number[])[];
}

/** Per code, log of (weight_k * N(z | mean_k, var_k)) for each k, into `logp` [n * K]. */
export function componentLogDensities(
  z: Float64Array,
  d: number,
  m: LatentMixture,
  logp: Float64Array,
): void {
  const K = m.weights.length;
  const n = z.length / d;
  const base = m.variances.map(
    (v, k) => Math.log(m.weights[k]!) - 0.5 * v.reduce((s, x) => s + Math.log(2 * Math.PI * x), 0),
  );
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const mu = m.means[k]!;
      const v = m.variances[k]!;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const e = z[i * d + j]! - mu[j]!;
        q += (e * e) / v[j]!;
      }
      logp[i * K + k] = base[k]! - 0.5 * q;
    }
  }
}

/** Turns each row of `logp` [n * K] into responsibilities in place; returns the mean log-likelihood per code. */
export function normaliseRows(logp: Float64Array, K: number): number {
  const n = logp.length / K;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) max = Math.max(max, logp[i * K + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const p = Math.exp(logp[i * K + k]! - max);
      logp[i * K + k] = p;
      sum += p;
    }
    for (let k = 0; k < K; k++) logp[i * K + k]! /= sum;
    total += max + Math.log(sum);
  }
  return total / n;
}

/** Checks that `m` is a mixture over `latentDim` dimensions (what a prior.json must hold); returns latentDim. */
export function checkMixture(where: string, m: unknown, latentDim: number): number {
  const fail = (what: string): never => {
    throw new Error(`${where}: the latent mixture ${what}`);
  };
  const o = m as Partial<LatentMixture> | null;
  if (o == null || typeof o !== 'object') fail(`must be an object { weights, means, variances }, got ${m}`);
  const { weights, means, variances } = o as LatentMixture;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!Array.isArray(weights) || weights.length === 0 || !weights.every((w) => finite(w) && w >= 0)) {
    fail('weights must be a non-empty list of numbers >= 0');
  }
  const K = weights.length;
  for (const [name, rows, min] of [
    ['means', means, Number.NEGATIVE_INFINITY],
    ['variances', variances, 0],
  ] as const) {
    if (!Array.isArray(rows) || rows.length !== K) fail(`${name} must have ${K} rows (one per weight)`);
    rows.forEach((row, k) => {
      if (!Array.isArray(row) || row.length !== latentDim || !row.every((x) => finite(x) && x > min)) {
        fail(`${name}[${k}] must be ${latentDim} finite numbers${min === 0 ? ' > 0' : ''} (the latent size)`);
      }
    });
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) fail(`weights must sum to 1, got ${sum}`);
  return latentDim;
}

/** `n` latent vectors [n, latentDim] drawn from `mixture`, seeded. */
export function sampleMixture(mixture: LatentMixture, n: number, seed: number): tf.Tensor2D {
  const d = mixture.means[0]!.length;
  const random = seededRandom(seed);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of mixture.weights) {
    total += w;
    cumulative.push(total);
  }
  const k = Array.from({ length: n }, () => {
    const u = random() * cumulative[cumulative.length - 1]!;
    const i = cumulative.findIndex((c) => u < c);
    return i < 0 ? cumulative.length - 1 : i;
  });
  return tf.tidy(() => {
    const idx = tf.tensor1d(k, 'int32');
    const mu = tf.gather(tf.tensor2d(mixture.means as number[][], [mixture.weights.length, d]), idx);
    const sd = tf.gather(
      tf.sqrt(tf.tensor2d(mixture.variances as number[][], [mixture.weights.length, d])),
      idx,
    );
    return tf.add(mu, tf.mul(sd, tf.randomNormal([n, d], 0, 1, 'float32', seed))) as tf.Tensor2D;
  });
}

/** One M step: weights, means and variances from the codes and their responsibilities. */
function mStep(z: Float64Array, d: number, r: Float64Array, K: number): LatentMixture {
  const n = z.length / d;
  const weights: number[] = [];
  const means: number[][] = [];
  const variances: number[][] = [];
  for (let k = 0; k < K; k++) {
    let nk = 0;
    const mu = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const w = r[i * K + k]!;
      nk += w;
      for (let j = 0; j < d; j++) mu[j]! += w * z[i * d + j]!;
    }
    const safe = Math.max(nk, 1e-12);
    for (let j = 0; j < d; j++) mu[j]! /= safe;
    const v = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const w = r[i * K + k]!;
      for (let j = 0; j < d; j++) v[j]! += w * (z[i * d + j]! - mu[j]!) ** 2;
    }
    weights.push(Math.max(nk / n, 1e-12));
    means.push(mu);
    variances.push(v.map((x) => Math.max(x / safe, MIN_VARIANCE)));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  return { weights: weights.map((w) => w / sum), means, variances };
}

/**
 * EM for a diagonal Gaussian mixture of `options.components` components over `z` (n codes of `d` numbers, flat),
 * started from distinct codes picked with `options.seed` as means, the codes' overall variance and equal weights.
 */
export function fitMixture(
  z: Float64Array,
  d: number,
  options: { readonly components: number; readonly iterations: number; readonly seed: number },
): LatentMixture {
  const { components: K, iterations, seed } = options;
  const n = z.length / d;
  // Start: K distinct codes as means, the codes' overall variance for every component, equal weights.
  const random = seededRandom(seed);
  const picks = new Set<number>();
  while (picks.size < K) picks.add(Math.floor(random() * n));
  const overall = Array.from({ length: d }, (_, j) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      s += z[i * d + j]!;
      s2 += z[i * d + j]! ** 2;
    }
    return Math.max(s2 / n - (s / n) ** 2, MIN_VARIANCE);
  });
  let mixture: LatentMixture = {
    weights: new Array<number>(K).fill(1 / K),
    means: [...picks].map((i) => Array.from(z.subarray(i * d, i * d + d))),
    variances: Array.from({ length: K }, () => [...overall]),
  };
  const r = new Float64Array(n * K);
  for (let it = 0; it < iterations; it++) {
    componentLogDensities(z, d, mixture, r);
    normaliseRows(r, K);
    mixture = mStep(z, d, r, K);
  }
  return mixture;
}
