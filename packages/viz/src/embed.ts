import { checkKeys, uniformStream } from '@aecnn/layers';
import { UMAP } from 'umap-js';
import { type ArrayInput, toDense } from './array.js';
import { pca } from './pca.js';

/** How latent codes become 2-D: 'auto' keeps 2-D codes as they are and runs PCA otherwise. */
export type EmbedMethod = 'auto' | 'none' | 'pca' | 'umap';

/** The keys of EmbedOptions. */
export const EMBED_KEYS = ['method', 'seed', 'nNeighbors', 'minDist', 'nEpochs'] as const;

/** Options of {@link embed2d}. */
export interface EmbedOptions {
  method?: EmbedMethod;
  /** Seed of UMAP's random numbers (default 0): the same seed gives the same picture. */
  seed?: number;
  /** UMAP neighbourhood size (default 15, capped at n - 1). */
  nNeighbors?: number;
  /** UMAP minimum distance between embedded points (default 0.1). */
  minDist?: number;
  /** UMAP optimisation epochs (default: umap-js picks 200-500 by data size). */
  nEpochs?: number;
}

/** 2-D coordinates of each sample plus axis titles that say how they were made. */
export interface Embedding {
  points: [number, number][];
  method: 'none' | 'pca' | 'umap';
  axisLabels: [string, string];
}

/** Maps [n, d] latent codes to 2-D with PCA (built in) or UMAP (umap-js, seeded). */
export function embed2d(latents: ArrayInput, opts: EmbedOptions = {}): Embedding {
  const where = 'embed2d';
  checkKeys(opts, EMBED_KEYS, where);
  const a = toDense(latents, `${where}: latents`);
  if (a.shape.length !== 2) {
    throw new Error(
      `${where}: expected latent codes shaped [n, d] (flatten conv latents first), got [${a.shape.join(', ')}]`,
    );
  }
  const [n, d] = a.shape as [number, number];
  const method = opts.method ?? 'auto';
  if (!['auto', 'none', 'pca', 'umap'].includes(method)) {
    throw new Error(`${where}: method must be one of auto, none, pca, umap; got '${method}'`);
  }
  const rows = () => Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * d, (i + 1) * d)));
  if (method === 'none' || (method === 'auto' && d === 2)) {
    if (d !== 2)
      throw new Error(`${where}: method 'none' needs 2-D codes, got d = ${d}; use 'pca' or 'umap'`);
    return { points: rows() as [number, number][], method: 'none', axisLabels: ['z1', 'z2'] };
  }
  if (method === 'umap') {
    if (n < 4) throw new Error(`${where}: UMAP needs at least 4 samples, got ${n}`);
    const umap = new UMAP({
      nComponents: 2,
      nNeighbors: Math.min(opts.nNeighbors ?? 15, n - 1),
      minDist: opts.minDist ?? 0.1,
      random: uniformStream(opts.seed ?? 0),
      ...(opts.nEpochs ? { nEpochs: opts.nEpochs } : {}),
    });
    const out = umap.fit(rows());
    return { points: out.map((p) => [p[0]!, p[1]!]), method: 'umap', axisLabels: ['UMAP 1', 'UMAP 2'] };
  }
  if (d === 1) {
    return { points: rows().map((r) => [r[0]!, 0]), method: 'none', axisLabels: ['z1', ''] };
  }
  const r = pca(a, 2);
  const pct = (i: number) => `PC${i + 1} (${(100 * r.explainedVarianceRatio[i]!).toFixed(1)}% var.)`;
  return { points: r.projected as [number, number][], method: 'pca', axisLabels: [pct(0), pct(1)] };
}
