import path from 'node:path';
import {
  confusionMatrix,
  curves,
  imageGrid,
  imageRows,
  latentScatter,
  type RunReport,
  type Series,
} from '@aecnn/viz';
import { writePng, writeReport } from '@aecnn/viz/node';
import type { EpochRecord, MetricsFile, RunSettings } from './run-files';
import { RUN_FILES, readRunJson } from './run-folder';
import type { SamplesFile, StoredArray } from './samples';

// Columns of the history that are bookkeeping, not curves worth drawing.
const NOT_CURVES = new Set(['phase', 'seconds', 'images_per_second', 'learning_rate']);

function historyColumns(history: readonly EpochRecord[]): Record<string, number>[] {
  return history.map((row) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && !NOT_CURVES.has(k)) out[k] = v;
    return out;
  });
}

function seriesOf(history: readonly EpochRecord[], names: readonly string[]): Series[] {
  const x = history.map((r) => r.epoch);
  return names
    .filter((n) => history.some((r) => typeof r[n] === 'number'))
    .map((name) => ({
      name,
      x,
      values: history.map((r) => (typeof r[name] === 'number' ? (r[name] as number) : Number.NaN)),
    }));
}

/** The files `aecnn report` writes into a run folder. */
export interface ReportFiles {
  readonly report: string;
  readonly pictures: readonly string[];
}

/** One picture of a VAE run: its file in the run folder, and the grid the report shows. */
interface VaeGrid {
  readonly file: string;
  readonly title: string;
  readonly images: StoredArray;
  readonly columns: number;
  readonly caption: string;
}

/** The pictures of a VAE run's samples, none for other models. */
function vaeGrids(vae: SamplesFile['vae']): VaeGrid[] {
  if (!vae) return [];
  const grids: VaeGrid[] = [
    {
      file: RUN_FILES.generated,
      title: 'Samples from the prior',
      images: vae.generated,
      columns: 8,
      caption: vae.mixtureComponents
        ? `Decoded draws from the latent mixture prior (${vae.mixtureComponents} components fitted to the training images' codes).`
        : 'Decoded draws z ~ N(0, I).',
    },
    {
      file: RUN_FILES.interpolation,
      title: 'Interpolation',
      images: vae.interpolation,
      columns: vae.interpolation.shape[0] ?? 1,
      caption: 'Decoded points on the line between the latent means of test images 1 and 2.',
    },
  ];
  if (vae.manifold) {
    grids.push({
      file: RUN_FILES.manifold,
      title: 'Latent manifold',
      images: vae.manifold,
      columns: Math.round(Math.sqrt(vae.manifold.shape[0] ?? 1)),
      caption: 'Decoded points of an even grid over the 2-D latent plane, at the normal quantiles.',
    });
  }
  return grids;
}

/** Reads a run folder's saved files and (re)writes report.html and the PNG pictures. */
export async function writeRunReport(dir: string): Promise<ReportFiles> {
  const what = 'run report';
  const settings = await readRunJson<RunSettings>(dir, RUN_FILES.settings, what);
  const metrics = await readRunJson<MetricsFile>(dir, RUN_FILES.metrics, what);
  const samples = await readRunJson<SamplesFile>(dir, RUN_FILES.samples, what);
  const { summary, history, test, classNames } = metrics;
  const names = classNames ? { classNames } : {};
  const pictures: string[] = [];
  const png = (name: string, scene: Parameters<typeof writePng>[1]) => {
    const file = path.join(dir, name);
    writePng(file, scene);
    pictures.push(file);
  };

  const rows = [
    { title: 'original', images: samples.original },
    ...(samples.corrupted ? [{ title: 'corrupted', images: samples.corrupted }] : []),
    ...(samples.reconstruction ? [{ title: 'reconstruction', images: samples.reconstruction }] : []),
  ];
  png(
    RUN_FILES.reconstructions,
    imageGrid({
      rows,
      labels: samples.labels,
      ...(samples.predictions ? { predictions: samples.predictions } : {}),
      ...names,
      maxImages: 16,
      title: samples.reconstruction ? 'Test images and reconstructions' : 'Test images and predictions',
    }),
  );
  if (history.length > 0) {
    png(
      RUN_FILES.curves,
      curves({
        series: seriesOf(history, ['loss', 'val_loss', 'reconstruction_loss', 'classification_loss']),
        title: 'Loss',
        yLabel: 'loss',
      }),
    );
    const acc = seriesOf(history, ['accuracy', 'val_accuracy']);
    if (acc.length > 0) png('accuracy.png', curves({ series: acc, title: 'Accuracy', yLabel: 'accuracy' }));
  }
  if (test.confusionMatrix) {
    png(
      RUN_FILES.confusion,
      confusionMatrix({ matrix: test.confusionMatrix, ...names, title: 'Confusion matrix (test)' }),
    );
  }
  png(
    RUN_FILES.latent,
    latentScatter({
      latents: samples.latent.codes,
      labels: samples.latent.labels,
      ...names,
      method: 'pca',
      title: 'Latent space (test, PCA)',
    }),
  );

  const grids = vaeGrids(samples.vae);
  for (const g of grids) {
    png(g.file, imageGrid({ rows: imageRows(g.images, g.columns), maxImages: g.columns, title: g.title }));
  }

  const testMetrics: Record<string, number> = { images: test.n };
  if (test.accuracy !== null) testMetrics.accuracy = test.accuracy;
  if (test.reconMse !== null) testMetrics.reconstruction_mse = test.reconMse;
  if (test.psnr !== null) testMetrics.psnr_db = test.psnr;
  const run: RunReport = {
    title: `aecnn ${settings.model} on ${settings.data}`,
    notes: `${summary.epochs} epochs on ${summary.backend}, ${summary.trainSamples} training images (${summary.labeledSamples} labeled), ${summary.params.toLocaleString('en-US')} parameters, ${Math.round(summary.samplesPerSecond)} images/s. Tested on ${summary.testData}. val_* columns are measured on test images after each epoch; nothing is tuned on them.`,
    // As text: the report would print a number this size as 1.1e5.
    settings: { ...settings, backend: summary.backend, params: summary.params.toLocaleString('en-US') },
    history: historyColumns(history),
    test: testMetrics,
    ...names,
    samples: {
      original: samples.original,
      ...(samples.corrupted ? { corrupted: samples.corrupted } : {}),
      ...(samples.reconstruction ? { reconstruction: samples.reconstruction } : {}),
      labels: samples.labels,
      ...(samples.predictions ? { predictions: samples.predictions } : {}),
      maxImages: 16,
    },
    ...(test.confusionMatrix ? { confusion: test.confusionMatrix } : {}),
    latent: { codes: samples.latent.codes, labels: samples.latent.labels, method: 'pca' },
    ...(samples.filters ? { filters: [samples.filters] } : {}),
    ...(grids.length > 0 ? { images: grids.map(({ file: _, ...g }) => g) } : {}),
    createdAt: settings.createdAt,
  };
  const report = path.join(dir, RUN_FILES.report);
  writeReport(report, run);
  return { report, pictures };
}
