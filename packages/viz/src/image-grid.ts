import { checkKeys } from '@aecnn/layers';
import { type ArrayInput, type NdArray, toDense, toNumbers } from './array.js';
import { imageBatchShape, imagePixels, type Range } from './pixels.js';
import type { Mark, Scene } from './scene.js';
import { textWidth } from './scene.js';

/** One row of the grid: a title on the left (e.g. 'original', 'noisy', 'reconstruction') and its images. */
export interface ImageRow {
  title: string;
  /** [n, h, w], [n, h, w, 1] or [n, h, w, 3] (NHWC), or a single [h, w] image. */
  images: ArrayInput;
}

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  rows: readonly ImageRow[];
  /** True class of each column, printed under the last row. */
  labels?: ArrayInput | ArrayLike<number>;
  /** Predicted class of each column, printed under the label: green when right, vermillion when wrong. */
  predictions?: ArrayInput | ArrayLike<number>;
  classNames?: readonly string[];
  /** At most this many columns (default 12). */
  maxImages?: number;
  /** Size of each image on screen in px (default 56). */
  cellSize?: number;
  /**
   * Value range shown black..white; 'auto' stretches each image. Default: [0, 255] for a row whose values
   * exceed 2 (byte images), else [0, 1] (values outside are clamped).
   */
  range?: Range;
  title?: string;
  fontSize?: number;
}

const RIGHT = '#009E73';
const WRONG = '#D55E00';

function className(names: readonly string[] | undefined, c: number): string {
  return names?.[c] ?? String(c);
}

function fit(text: string, size: number, width: number): string {
  if (textWidth(text, size) <= width) return text;
  const n = Math.max(1, Math.floor(width / (size * 0.6)) - 1);
  return `${text.slice(0, n)}…`;
}

function defaultRange(data: Float32Array): readonly [number, number] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  return max > 2 ? [0, 255] : [0, 1];
}

/** The keys of ImageGridOptions. */
const IMAGE_GRID_KEYS = [
  'rows',
  'labels',
  'predictions',
  'classNames',
  'maxImages',
  'cellSize',
  'range',
  'title',
  'fontSize',
];

/** Rows of images side by side (originals / corrupted / reconstructions) with labels and predictions underneath. */
export function imageGrid(opts: ImageGridOptions): Scene {
  const where = 'imageGrid';
  checkKeys(opts, IMAGE_GRID_KEYS, where);
  if (!opts.rows?.length) throw new Error(`${where}: expected at least one row of images, got none`);
  for (const [i, r] of opts.rows.entries()) checkKeys(r, ['title', 'images'], `${where}: rows[${i}]`);
  const fontSize = opts.fontSize ?? 11;
  const cell = opts.cellSize ?? 56;
  const rows = opts.rows.map((r) => {
    const a = toDense(r.images, `${where}: row '${r.title}'`);
    return { title: r.title, a, b: imageBatchShape(a, `${where}: row '${r.title}'`) };
  });
  const n0 = rows[0]!.b.n;
  for (const r of rows) {
    if (r.b.n !== n0) {
      throw new Error(
        `${where}: every row needs the same number of images; '${rows[0]!.title}' has ${n0}, '${r.title}' has ${r.b.n}`,
      );
    }
  }
  const labels = opts.labels ? toNumbers(opts.labels as ArrayInput, `${where}: labels`) : undefined;
  const preds = opts.predictions
    ? toNumbers(opts.predictions as ArrayInput, `${where}: predictions`)
    : undefined;
  for (const [name, v] of [
    ['labels', labels],
    ['predictions', preds],
  ] as const) {
    if (v && v.length < n0)
      throw new Error(`${where}: ${name} has ${v.length} entries but there are ${n0} images`);
  }
  const n = Math.min(n0, opts.maxImages ?? 12);
  const gap = Math.max(4, Math.round(cell / 10));
  // Room on the left for the row titles and the 'label' / 'predicted' captions; none when there are neither.
  const captions = [
    ...(labels ? ['label'] : []),
    ...(preds ? ['predicted'] : []),
    ...rows.map((r) => r.title),
  ];
  const widest = Math.max(0, ...captions.map((t) => textWidth(t, fontSize)));
  const left = widest > 0 ? widest + fontSize : gap;
  const top = opts.title ? fontSize * 2.8 : gap;
  const textLines = (labels ? 1 : 0) + (preds ? 1 : 0);
  const under = textLines ? textLines * fontSize * 1.3 + gap : 0;
  const width = left + n * (cell + gap) + gap;
  const height = top + rows.length * (cell + gap) + under + gap;
  const marks: Mark[] = [];
  rows.forEach((r, ri) => {
    // Cells keep the image's aspect ratio inside a square box.
    const scaleF = cell / Math.max(r.b.h, r.b.w);
    const w = r.b.w * scaleF;
    const h = r.b.h * scaleF;
    const y0 = top + ri * (cell + gap);
    const range = opts.range ?? defaultRange(r.a.data);
    marks.push({
      type: 'text',
      cls: 'row-title',
      x: left - fontSize * 0.6,
      y: y0 + cell / 2,
      text: r.title,
      size: fontSize,
      anchor: 'end',
    });
    for (let i = 0; i < n; i++) {
      const x0 = left + i * (cell + gap);
      marks.push({
        type: 'image',
        cls: 'image',
        x: x0 + (cell - w) / 2,
        y: y0 + (cell - h) / 2,
        w,
        h,
        image: imagePixels(r.a, r.b, i, range),
      });
    }
  });
  const yText = top + rows.length * (cell + gap) + fontSize * 0.6;
  const lineTitles = [...(labels ? ['label'] : []), ...(preds ? ['predicted'] : [])];
  lineTitles.forEach((t, k) => {
    marks.push({
      type: 'text',
      cls: 'row-title',
      x: left - fontSize * 0.6,
      y: yText + k * fontSize * 1.3,
      text: t,
      size: fontSize,
      anchor: 'end',
      fill: '#555555',
    });
  });
  for (let i = 0; i < n; i++) {
    const cx = left + i * (cell + gap) + cell / 2;
    let line = 0;
    if (labels) {
      const t = fit(className(opts.classNames, labels[i]!), fontSize, cell + gap);
      marks.push({ type: 'text', cls: 'label', x: cx, y: yText, text: t, size: fontSize, anchor: 'middle' });
      line++;
    }
    if (preds) {
      const right = labels ? preds[i] === labels[i] : undefined;
      const t = fit(className(opts.classNames, preds[i]!), fontSize, cell + gap);
      marks.push({
        type: 'text',
        cls: right === false ? 'prediction wrong' : 'prediction',
        x: cx,
        y: yText + line * fontSize * 1.3,
        text: t,
        size: fontSize,
        anchor: 'middle',
        fill: right === undefined ? '#222222' : right ? RIGHT : WRONG,
        bold: right === false,
      });
    }
  }
  if (opts.title) {
    marks.push({
      type: 'text',
      cls: 'title',
      x: width / 2,
      y: fontSize * 1.3,
      text: opts.title,
      size: fontSize * 1.2,
      anchor: 'middle',
      bold: true,
    });
  }
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    background: '#ffffff',
    title: opts.title ?? 'images',
    marks,
  };
}

/**
 * Splits a batch of images [n, h, w(, c)] into untitled rows of `columns` for {@link imageGrid}; a short last row is
 * filled with blank (zero) cells, since every row of a grid holds as many images.
 */
export function imageRows(images: ArrayInput, columns: number): (ImageRow & { images: NdArray })[] {
  const where = 'imageRows';
  if (!(Number.isInteger(columns) && columns >= 1)) {
    throw new Error(`${where}: columns must be a whole number >= 1, got ${columns}`);
  }
  const a = toDense(images, where);
  const b = imageBatchShape(a, where);
  const size = b.h * b.w * b.c;
  const shape = [columns, b.h, b.w, b.c];
  const rows: (ImageRow & { images: NdArray })[] = [];
  for (let start = 0; start < b.n; start += columns) {
    const data = new Float32Array(columns * size);
    data.set(a.data.subarray(start * size, Math.min(b.n, start + columns) * size));
    rows.push({ title: '', images: { data, shape } });
  }
  return rows;
}
