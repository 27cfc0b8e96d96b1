import { confusionMatrix, curves, imageGrid, latentScatter, mountSvg, type Series } from '@aecnn/viz';

/** What the curves view shows: loss after each batch, and per-epoch test loss and accuracies. */
export interface CurveData {
  steps: number[];
  losses: number[];
  /** Step at which each epoch ended, with its metrics. */
  epochs: { step: number; testLoss?: number; trainAccuracy?: number; testAccuracy?: number }[];
}

/** Draws the loss curve (per step, with the per-epoch test loss) and, when known, the accuracy curve. */
export function drawCurves(lossEl: HTMLElement, accuracyEl: HTMLElement, d: CurveData): void {
  if (d.losses.length === 0) return;
  const lossSeries: Series[] = [{ name: 'train loss (batch)', values: d.losses, x: d.steps }];
  const tested = d.epochs.filter((e) => e.testLoss !== undefined);
  if (tested.length > 0) {
    lossSeries.push({
      name: 'test loss',
      values: tested.map((e) => e.testLoss!),
      x: tested.map((e) => e.step),
    });
  }
  mountSvg(lossEl, curves({ series: lossSeries, xLabel: 'step', yLabel: 'loss', width: 520, height: 240 }));
  const acc: Series[] = [];
  const train = d.epochs.filter((e) => e.trainAccuracy !== undefined);
  const test = d.epochs.filter((e) => e.testAccuracy !== undefined);
  if (train.length)
    acc.push({ name: 'train', values: train.map((e) => e.trainAccuracy!), x: train.map((e) => e.step) });
  if (test.length)
    acc.push({ name: 'test', values: test.map((e) => e.testAccuracy!), x: test.map((e) => e.step) });
  if (acc.length)
    mountSvg(
      accuracyEl,
      curves({ series: acc, xLabel: 'step', yLabel: 'accuracy', width: 520, height: 200 }),
    );
  else accuracyEl.replaceChildren();
}

/** Draws the fixed test digits, their reconstructions (if any) and predicted classes (if any). */
export function drawReconstructions(
  el: HTMLElement,
  originals: Float32Array,
  labels: readonly number[],
  reconstructions: Float32Array | null,
  predictions: readonly number[] | null,
): void {
  const n = labels.length;
  const rows = [{ title: 'test digit', images: { data: originals, shape: [n, 28, 28] } }];
  if (reconstructions)
    rows.push({ title: 'reconstruction', images: { data: reconstructions, shape: [n, 28, 28] } });
  const grid = imageGrid({
    rows,
    labels,
    ...(predictions ? { predictions } : {}),
    cellSize: 40,
    maxImages: n,
  });
  mountSvg(el, grid);
}

/** The latent codes last drawn, kept to redraw them with another 2-D map. */
export interface LatentData {
  latents: Float32Array;
  dim: number;
  labels: Int32Array;
  title: string;
}

/** Draws latent codes in 2-D (as they are when 2-D, else PCA or seeded UMAP), coloured by class. */
export function drawLatent(el: HTMLElement, d: LatentData, method: 'pca' | 'umap'): void {
  const scene = latentScatter({
    latents: { data: d.latents, shape: [d.labels.length, d.dim] },
    labels: d.labels,
    method: d.dim === 2 ? 'none' : method,
    seed: 0,
    title: d.title,
    width: 520,
    height: 400,
  });
  mountSvg(el, scene);
}

/** Draws a confusion matrix (rows: true class, columns: predicted) with counts and per-class accuracy. */
export function drawConfusion(el: HTMLElement, matrix: number[][], title: string): void {
  mountSvg(el, confusionMatrix({ matrix, title }));
}
