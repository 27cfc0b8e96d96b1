import { checkKeys } from '@aecnn/layers';
import type { ArrayInput } from './array.js';
import { toNumbers } from './array.js';
import { formatNumber } from './axes.js';
import { confusionMatrix } from './confusion.js';
import type { EmbedMethod } from './embed.js';
import { featureMaps, filterGrid } from './filters.js';
import { imageGrid, imageRows } from './image-grid.js';
import { curveScenes, type MetricHistory, metricColumns } from './metric-curves.js';
import type { Range } from './pixels.js';
import { latentScatter } from './scatter.js';
import type { Scene } from './scene.js';
import { escapeXml, toSvg } from './svg.js';

/** The keys of RunReport. */
const REPORT_KEYS = [
  'title',
  'notes',
  'settings',
  'history',
  'steps',
  'test',
  'classNames',
  'samples',
  'confusion',
  'latent',
  'filters',
  'featureMaps',
  'images',
  'createdAt',
];

/** Everything {@link report} can show about one run; every field is optional except what a section needs. */
export interface RunReport {
  /** Heading, e.g. 'conv autoencoder + classifier on MNIST'. */
  title?: string;
  /** Free text under the heading. */
  notes?: string;
  /** Settings as given to the trainer (nested objects are shown with dotted keys). */
  settings?: Readonly<Record<string, unknown>>;
  /** One entry per epoch; an `epoch` column gives x positions (default 1, 2, ...). */
  history?: MetricHistory;
  /** Optional finer curves, one entry per step; a `step` column gives x positions. */
  steps?: MetricHistory;
  /** Final metrics on the test set, e.g. `{ loss: 0.05, accuracy: 0.98 }`. */
  test?: Readonly<Record<string, number>>;
  /** Names of classes 0..k-1 (labels, legend, confusion matrix). */
  classNames?: readonly string[];
  /** Example images ([n, h, w] or [n, h, w, c]; [0, 1] or bytes unless `range` says otherwise) and what the model made of them. */
  samples?: {
    original: ArrayInput;
    corrupted?: ArrayInput;
    reconstruction?: ArrayInput;
    labels?: ArrayInput | ArrayLike<number>;
    predictions?: ArrayInput | ArrayLike<number>;
    range?: Range;
    maxImages?: number;
  };
  /** k x k counts, rows = true class, columns = predicted class. */
  confusion?: ArrayInput;
  /** Latent codes [n, d] of test samples with their classes. */
  latent?: {
    codes: ArrayInput;
    labels?: ArrayInput | ArrayLike<number>;
    method?: EmbedMethod;
    seed?: number;
  };
  /** Conv kernels [kh, kw, in, out] by parameter path, e.g. `encoder/block1/conv/kernel`. */
  filters?: readonly { name: string; kernel: ArrayInput }[];
  /** Activations of one input [h, w, c] or [1, h, w, c] by layer path. */
  featureMaps?: readonly { name: string; activation: ArrayInput }[];
  /** More pictures of images, one grid each (a VAE's prior samples, an interpolation, a latent manifold). */
  images?: readonly { title: string; images: ArrayInput; columns?: number; caption?: string }[];
  /** Shown in the footer (an ISO date); omitted when absent so reports are reproducible. */
  createdAt?: string;
}

function flatten(obj: unknown, prefix: string, out: [string, string][]): void {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    const entries = Object.entries(obj as Record<string, unknown>);
    if (!entries.length && prefix) out.push([prefix, '{}']);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  const text =
    typeof obj === 'number'
      ? formatNumber(obj)
      : typeof obj === 'string'
        ? obj
        : (JSON.stringify(obj) ?? String(obj));
  out.push([prefix, text]);
}

/** One number style per table column: plain with 4 significant digits, or exponent form if any value needs it. */
function columnFormatter(values: readonly number[]): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const exp = finite.some((v) => v < 1e-3 || v >= 1e6);
  return (v) =>
    !Number.isFinite(v)
      ? Number.isNaN(v)
        ? ''
        : String(v)
      : exp && v !== 0
        ? v.toExponential(3)
        : String(Number(v.toPrecision(4)));
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls: string): string {
  const th = head.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figure(scene: Scene, caption?: string): string {
  return `<figure>${toSvg(scene)}${caption ? `<figcaption>${escapeXml(caption)}</figcaption>` : ''}</figure>`;
}

const CSS = `
body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222;background:#fff}
h1{font-size:1.6em;margin:0 0 4px} h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
p.notes{color:#444;margin:4px 0 12px}
table{border-collapse:collapse;font-size:13px;margin:4px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left} td{font-variant-numeric:tabular-nums}
thead th{background:#f4f4f4;position:sticky;top:0}
.scroll{max-height:360px;overflow:auto;display:inline-block;border:1px solid #eee}
.figs{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0} figure svg{max-width:100%;height:auto} figcaption{font-size:12px;color:#555}
footer{margin-top:32px;font-size:12px;color:#777}
`;

/** One self-contained HTML page (inline CSS and SVG, no scripts, no network) showing a training run. */
export function report(run: RunReport): string {
  const where = 'report';
  if (typeof run !== 'object' || run === null)
    throw new Error(`${where}: expected a run object, got ${run === null ? 'null' : typeof run}`);
  checkKeys(run, REPORT_KEYS, where);
  const title = run.title ?? 'Training report';
  const parts: string[] = [`<h1>${escapeXml(title)}</h1>`];
  if (run.notes) parts.push(`<p class="notes">${escapeXml(run.notes)}</p>`);

  if (run.settings) {
    const rows: [string, string][] = [];
    flatten(run.settings, '', rows);
    parts.push('<h2 id="settings">Settings</h2>', table(['setting', 'value'], rows, 'settings'));
  }
  if (run.test) {
    const rows = Object.entries(run.test).map(([k, v]) => [
      k,
      typeof v === 'number' ? formatNumber(v) : String(v),
    ]);
    parts.push('<h2 id="test">Test metrics</h2>', table(['metric', 'value'], rows, 'test-metrics'));
  }
  if (run.history) {
    const cols = metricColumns(run.history, `${where}: history`);
    const names = Object.keys(cols).filter((k) => k !== 'epoch');
    const n = Math.max(0, ...Object.values(cols).map((c) => c.length));
    const epochs = cols.epoch ?? Array.from({ length: n }, (_, i) => i + 1);
    const fmts = names.map((k) => columnFormatter(cols[k]!));
    const rows = epochs.map((e, i) => [String(e), ...names.map((k, j) => fmts[j]!(cols[k]![i]!))]);
    parts.push(
      '<h2 id="curves">Training curves</h2>',
      `<div class="figs">${curveScenes(cols, 'epoch', 'epoch')
        .map((s) => figure(s))
        .join('\n')}</div>`,
      '<h2 id="metrics">Metrics per epoch</h2>',
      `<div class="scroll">${table(['epoch', ...names], rows, 'metrics')}</div>`,
    );
  }
  if (run.steps) {
    const cols = metricColumns(run.steps, `${where}: steps`);
    parts.push(
      '<h2 id="steps">Per-step curves</h2>',
      `<div class="figs">${curveScenes(cols, 'step', 'step')
        .map((s) => figure(s))
        .join('\n')}</div>`,
    );
  }
  if (run.samples) {
    const s = run.samples;
    checkKeys(
      s,
      ['original', 'corrupted', 'reconstruction', 'labels', 'predictions', 'range', 'maxImages'],
      `${where}: samples`,
    );
    const rows = [
      { title: 'original', images: s.original },
      ...(s.corrupted ? [{ title: 'corrupted', images: s.corrupted }] : []),
      ...(s.reconstruction ? [{ title: 'reconstruction', images: s.reconstruction }] : []),
    ];
    const grid = imageGrid({
      rows,
      ...(s.labels ? { labels: s.labels } : {}),
      ...(s.predictions ? { predictions: s.predictions } : {}),
      ...(run.classNames ? { classNames: run.classNames } : {}),
      ...(s.range ? { range: s.range } : {}),
      maxImages: s.maxImages ?? 12,
    });
    parts.push(
      '<h2 id="samples">Reconstructions</h2>',
      figure(grid, s.predictions ? 'predicted class in green when right, vermillion when wrong' : undefined),
    );
  }
  if (run.confusion) {
    const scene = confusionMatrix({
      matrix: run.confusion,
      ...(run.classNames ? { classNames: run.classNames } : {}),
    });
    parts.push('<h2 id="confusion">Confusion matrix</h2>', figure(scene));
  }
  if (run.latent) {
    const l = run.latent;
    checkKeys(l, ['codes', 'labels', 'method', 'seed'], `${where}: latent`);
    const scene = latentScatter({
      latents: l.codes,
      ...(l.labels ? { labels: toNumbers(l.labels as ArrayInput, `${where}: latent.labels`) } : {}),
      ...(run.classNames ? { classNames: run.classNames } : {}),
      method: l.method ?? 'auto',
      seed: l.seed ?? 0,
      title: 'Latent space',
    });
    parts.push('<h2 id="latent">Latent space</h2>', figure(scene));
  }
  if (run.filters?.length) {
    parts.push(
      '<h2 id="filters">Conv filters</h2>',
      `<div class="figs">${run.filters.map((f) => figure(filterGrid(f.kernel, { title: f.name }))).join('\n')}</div>`,
    );
  }
  if (run.featureMaps?.length) {
    parts.push(
      '<h2 id="feature-maps">Feature maps</h2>',
      `<div class="figs">${run.featureMaps.map((f) => figure(featureMaps(f.activation, { title: f.name }))).join('\n')}</div>`,
    );
  }
  if (run.images?.length) {
    const figures = run.images.map((g, i) => {
      checkKeys(g, ['title', 'images', 'columns', 'caption'], `${where}: images[${i}]`);
      const columns = g.columns ?? 10;
      const grid = imageGrid({ rows: imageRows(g.images, columns), maxImages: columns, title: g.title });
      return figure(grid, g.caption);
    });
    parts.push('<h2 id="images">Generated images</h2>', `<div class="figs">${figures.join('\n')}</div>`);
  }
  parts.push(`<footer>Made by @aecnn/viz${run.createdAt ? ` on ${escapeXml(run.createdAt)}` : ''}.</footer>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
