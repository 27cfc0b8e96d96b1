import { checkKeys, uniformStream } from '@aecnn/layers';
import { type ArrayInput, toDense, toNumbers } from './array.js';
import { makeAxis } from './axes.js';
import { chartPlot, chartScene } from './chart-frame.js';
import { EMBED_KEYS, type EmbedOptions, embed2d } from './embed.js';
import { type LegendItem, markerMark } from './legend.js';
import { classStyle } from './palette.js';
import type { Scene } from './scene.js';

/** Options of {@link latentScatter}: the codes, their classes, and how to bring them to 2-D. */
export interface LatentScatterOptions extends EmbedOptions {
  /** [n, d] latent codes (d = 2 is drawn as is by default; otherwise PCA or UMAP). */
  latents: ArrayInput;
  /** Class of each sample; colours and legend. Without labels all points are one colour. */
  labels?: ArrayInput | ArrayLike<number>;
  classNames?: readonly string[];
  title?: string;
  width?: number;
  height?: number;
  /**
   * At most this many samples are embedded and drawn (default 5000), picked at random with `seed`;
   * keeps SVGs small and UMAP fast on a whole test set.
   */
  maxPoints?: number;
  /** Point radius in px (default: 3, smaller for many points). */
  pointRadius?: number;
  fontSize?: number;
}

/** The keys of LatentScatterOptions besides the EmbedOptions ones. */
const SCATTER_KEYS = [
  'latents',
  'labels',
  'classNames',
  'title',
  'width',
  'height',
  'maxPoints',
  'pointRadius',
  'fontSize',
];

/** 2-D scatter of latent codes coloured (Okabe-Ito) and shaped by class, one point per sample, with a legend. */
export function latentScatter(opts: LatentScatterOptions): Scene {
  const where = 'latentScatter';
  checkKeys(opts, [...EMBED_KEYS, ...SCATTER_KEYS], where);
  const codes = toDense(opts.latents, `${where}: latents`);
  const total = codes.shape[0] ?? 0;
  let labels = opts.labels ? toNumbers(opts.labels as ArrayInput, `${where}: labels`) : undefined;
  if (labels && labels.length !== total) {
    throw new Error(`${where}: ${labels.length} labels for ${total} latent codes`);
  }
  const maxPoints = opts.maxPoints ?? 5000;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 1)) {
    throw new Error(`${where}: maxPoints must be a positive integer, got ${maxPoints}`);
  }
  let input: ArrayInput = codes;
  if (codes.shape.length === 2 && total > maxPoints) {
    // Seeded partial Fisher-Yates, then sorted so the draw order still follows the data.
    const rand = uniformStream((opts.seed ?? 0) + 0x5eed);
    const idx = Array.from({ length: total }, (_, i) => i);
    for (let i = 0; i < maxPoints; i++) {
      const j = i + Math.floor(rand() * (total - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const keep = idx.slice(0, maxPoints).sort((p, q) => p - q);
    const d = codes.shape[1]!;
    const data = new Float32Array(maxPoints * d);
    keep.forEach((r, k) => {
      data.set(codes.data.subarray(r * d, (r + 1) * d), k * d);
    });
    input = { data, shape: [maxPoints, d] };
    labels = labels && keep.map((r) => labels![r]!);
  }
  const emb = embed2d(
    input,
    Object.fromEntries(EMBED_KEYS.filter((k) => k in opts).map((k) => [k, opts[k]])),
  );
  const n = emb.points.length;
  const shownTitle = [opts.title, n < total ? `${n} of ${total} samples` : ''].filter(Boolean).join(' — ');
  labels?.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0)
      throw new Error(`${where}: label ${i} is ${c}; expected a class index >= 0`);
  });
  const fontSize = opts.fontSize ?? 12;
  const width = opts.width ?? 560;
  const height = opts.height ?? 440;
  const classes = labels ? [...new Set(labels)].sort((p, q) => p - q) : [];
  const items: LegendItem[] = classes.map((c) => {
    const s = classStyle(c);
    return { label: opts.classNames?.[c] ?? String(c), color: s.color, swatch: s.shape };
  });
  const xAxis = makeAxis(
    emb.points.map((p) => p[0]),
    emb.axisLabels[0],
  );
  const yAxis = makeAxis(
    emb.points.map((p) => p[1]),
    emb.axisLabels[1],
  );
  const layout = { width, height, fontSize, title: shownTitle, xAxis, yAxis, legend: items };
  const plot = chartPlot(where, layout);
  const { marks, sx, sy } = plot;
  const r = opts.pointRadius ?? (n > 2000 ? 1.8 : n > 500 ? 2.4 : 3.2);
  const opacity = n > 500 ? 0.7 : 0.85;
  emb.points.forEach((p, i) => {
    const s = labels ? classStyle(labels[i]!) : { color: '#0072B2', shape: 'circle' as const };
    marks.push(markerMark(s.shape, sx(p[0]), sy(p[1]), r, s.color, opacity, 'point'));
  });
  return chartScene(plot, layout, `latent space (${emb.method})`);
}
