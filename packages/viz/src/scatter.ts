import { type ArrayInput, toNumbers } from './array.js';
import { axesMarks, makeAxis, scale, yAxisMargin } from './axes.js';
import { type EmbedOptions, embed2d } from './embed.js';
import { type LegendItem, legendMarks, legendWidth, markerMark } from './legend.js';
import { classStyle } from './palette.js';
import type { Mark, Scene } from './scene.js';

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
  /** Point radius in px (default: 3, smaller for many points). */
  pointRadius?: number;
  fontSize?: number;
}

/** 2-D scatter of latent codes coloured (Okabe-Ito) and shaped by class, one point per sample, with a legend. */
export function latentScatter(opts: LatentScatterOptions): Scene {
  const where = 'latentScatter';
  const emb = embed2d(opts.latents, opts);
  const n = emb.points.length;
  const labels = opts.labels ? toNumbers(opts.labels as ArrayInput, `${where}: labels`) : undefined;
  if (labels && labels.length !== n)
    throw new Error(`${where}: ${labels.length} labels for ${n} latent codes`);
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
  const left = yAxisMargin(yAxis, fontSize) + 6;
  const top = opts.title ? fontSize * 3 : fontSize;
  const right = items.length ? legendWidth(items, fontSize) + fontSize * 1.5 : fontSize;
  const f = { x: left, y: top, w: width - left - right, h: height - top - fontSize * 3.6 };
  if (f.w < 40 || f.h < 40)
    throw new Error(`${where}: ${width}x${height} leaves no room for the plot; make it larger`);
  const marks: Mark[] = axesMarks(f, xAxis, yAxis, fontSize);
  const sx = scale(xAxis, f.x, f.x + f.w);
  const sy = scale(yAxis, f.y + f.h, f.y);
  const r = opts.pointRadius ?? (n > 2000 ? 1.8 : n > 500 ? 2.4 : 3.2);
  const opacity = n > 500 ? 0.7 : 0.85;
  emb.points.forEach((p, i) => {
    const s = labels ? classStyle(labels[i]!) : { color: '#0072B2', shape: 'circle' as const };
    marks.push(markerMark(s.shape, sx(p[0]), sy(p[1]), r, s.color, opacity, 'point'));
  });
  if (opts.title) {
    marks.push({
      type: 'text',
      cls: 'title',
      x: width / 2,
      y: fontSize * 1.4,
      text: opts.title,
      size: fontSize * 1.2,
      anchor: 'middle',
      bold: true,
    });
  }
  marks.push(...legendMarks(items, f.x + f.w + fontSize, f.y, fontSize));
  return { width, height, background: '#ffffff', title: opts.title ?? `latent space (${emb.method})`, marks };
}
