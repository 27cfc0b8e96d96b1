import { uniformStream } from '@aecnn/layers';
import { describe, expect, it } from 'vitest';
import { embed2d } from './embed.js';
import { classStyle } from './palette.js';
import { latentScatter } from './scatter.js';
import { svgTree } from './testing/svg-tree.js';

// Three well separated clusters in 6-D, 12 points each.
function clusters(seed = 1) {
  const rand = uniformStream(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 36; i++) {
    const c = i % 3;
    labels.push(c);
    rows.push(Array.from({ length: 6 }, (_, d) => (d === c ? 10 : 0) + rand() - 0.5));
  }
  return { rows, labels };
}

describe('latent space', () => {
  it('draws one point per sample coloured by class, a legend per class, and PCA axis titles', () => {
    const { rows, labels } = clusters();
    const t = svgTree(
      latentScatter({ latents: rows, labels, classNames: ['zero', 'one', 'two'], title: 'latent' }),
    );
    const pts = t.cls('point');
    expect(pts).toHaveLength(36);
    expect(pts.map((p) => p.attrs.fill)).toEqual(labels.map((c) => classStyle(c).color));
    expect(t.texts('legend-label')).toEqual(['zero', 'one', 'two']);
    const axes = t.texts('axis-label');
    expect(axes[0]).toMatch(/^PC1 \(\d+\.\d% var\.\)$/);
    expect(axes[1]).toMatch(/^PC2 /);
  });

  it('keeps 2-D codes as they are and uses marker shapes past 8 classes', () => {
    const codes = Array.from({ length: 10 }, (_, i) => [i, -i]);
    const t = svgTree(latentScatter({ latents: codes, labels: codes.map((_, i) => i) }));
    expect(t.texts('axis-label')).toEqual(['z1', 'z2']);
    const pts = t.cls('point');
    expect(pts.slice(0, 8).every((p) => p.name === 'circle')).toBe(true);
    expect(pts.slice(8).every((p) => p.name === 'polygon')).toBe(true);
  });

  it('UMAP is seeded: same seed, same picture; it separates clusters', () => {
    const { rows, labels } = clusters();
    const a = embed2d(rows, { method: 'umap', seed: 3, nEpochs: 60, nNeighbors: 8 });
    const b = embed2d(rows, { method: 'umap', seed: 3, nEpochs: 60, nNeighbors: 8 });
    const c = embed2d(rows, { method: 'umap', seed: 4, nEpochs: 60, nNeighbors: 8 });
    expect(a.points).toEqual(b.points);
    expect(a.points).not.toEqual(c.points);
    expect(a.axisLabels).toEqual(['UMAP 1', 'UMAP 2']);
    // each point's nearest neighbour in the embedding is of its own class
    const same = a.points.filter((p, i) => {
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      a.points.forEach((q, j) => {
        const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
        if (j !== i && d < bestD) [best, bestD] = [j, d];
      });
      return labels[best] === labels[i];
    }).length;
    expect(same).toBeGreaterThanOrEqual(34);
  });

  it('draws at most maxPoints samples, a seeded subset with their own labels', () => {
    const codes = Array.from({ length: 50 }, (_, i) => [i, i % 5]);
    const labels = codes.map((_, i) => i % 5);
    const t = svgTree(latentScatter({ latents: codes, labels, maxPoints: 20, title: 'z' }));
    const pts = t.cls('point');
    expect(pts).toHaveLength(20);
    expect(t.texts('title')).toEqual(['z — 20 of 50 samples']);
    // label i % 5 equals the y coordinate, so each drawn point's colour must match its height class
    const ys = new Map<string, Set<string>>();
    for (const p of pts) ys.set(p.attrs.fill!, (ys.get(p.attrs.fill!) ?? new Set()).add(p.attrs.cy ?? ''));
    expect([...ys.values()].every((set) => set.size === 1)).toBe(true);
    expect(svgTree(latentScatter({ latents: codes, labels, maxPoints: 20 })).svg).toBe(
      svgTree(latentScatter({ latents: codes, labels, maxPoints: 20 })).svg,
    );
  });

  it('explains bad input', () => {
    expect(() => embed2d([1, 2, 3])).toThrow(
      'embed2d: expected latent codes shaped [n, d] (flatten conv latents first), got [3]',
    );
    expect(() => embed2d([[1, 2, 3]], { method: 'none' })).toThrow(
      "embed2d: method 'none' needs 2-D codes, got d = 3; use 'pca' or 'umap'",
    );
    expect(() => embed2d([[1, 2]], { method: 'tsne' as never })).toThrow(
      "method must be one of auto, none, pca, umap; got 'tsne'",
    );
    expect(() =>
      latentScatter({
        latents: [
          [1, 2],
          [3, 4],
        ],
        labels: [0],
      }),
    ).toThrow('latentScatter: 1 labels for 2 latent codes');
    expect(() =>
      latentScatter({
        latents: [
          [1, 2],
          [3, 4],
        ],
        labels: [0, 1.5],
      }),
    ).toThrow('latentScatter: label 1 is 1.5; expected a class index >= 0');
  });
});
