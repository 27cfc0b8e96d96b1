// The training form: reading and checking its fields, and the data a model kind trains on.
import type { Dataset } from '@aecnn/data';
import type { TrainSettings } from './hook';
import { type ModelKind, type ModelSize, VAE_LATENTS } from './models';
import type { Layout } from './ui/layout';

/** The model kinds that learn from the images alone: the number of labels does not apply to them. */
const UNLABELED: readonly ModelKind[] = ['autoencoder', 'vae', 'unet'];

/**
 * The data a model kind trains on: every image without labels (autoencoder, vae, unet), the labeled ones (cnn),
 * or all images with `labels` of them labeled (fusion). Labels are balanced across classes; all 8,000 means
 * every one.
 */
export function trainingData(kind: ModelKind, train: Dataset, labels: number, seed: number): Dataset {
  if (UNLABELED.includes(kind) || labels >= train.size) return train;
  const perClass = Math.floor(labels / 10);
  const counts = train.classCounts();
  const fewest = Math.min(...counts);
  if (perClass < 1 || perClass > fewest) {
    throw new Error(
      `Labels used: ${labels} is not possible balanced across 10 classes; use 10 to ${fewest * 10} ` +
        `(class ${counts.indexOf(fewest)} has ${fewest} training images), or ${train.size} for all`,
    );
  }
  if (kind === 'cnn') return train.stratifiedSubset(perClass, { seed });
  return train.labeledUnlabeled({ labels: perClass * 10, seed });
}

function positiveNumber(input: HTMLInputElement, name: string): number {
  const v = Number(input.value);
  if (!(v > 0 && v < 1)) throw new Error(`${name} must be a number in (0, 1), got "${input.value}"`);
  return v;
}

function positiveInt(input: HTMLInputElement, name: string): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`${name} must be a whole number >= 1, got "${input.value}"`);
  return v;
}

/** Enables the fields that apply to the picked model: labels (cnn, fusion), the latent size (vae). */
export function labelsApply(ui: Layout): void {
  ui.labels.disabled = UNLABELED.includes(ui.model.value as ModelKind);
  ui.latentDim.disabled = ui.model.value !== 'vae';
}

function latentSize(v: unknown): number {
  if (!VAE_LATENTS.includes(v as number))
    throw new Error(`Latent size must be one of ${VAE_LATENTS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as number;
}

/** Applies `over` to the form (as the test hook asks), then reads and checks every field. */
export function readSettings(ui: Layout, over: Partial<TrainSettings>): TrainSettings {
  if (over.model) {
    ui.model.value = over.model;
    labelsApply(ui);
  }
  if (over.labels !== undefined) ui.labels.value = String(over.labels);
  if (over.epochs !== undefined) ui.epochs.value = String(over.epochs);
  if (over.batchSize !== undefined) ui.batchSize.value = String(over.batchSize);
  if (over.learningRate !== undefined) ui.learningRate.value = String(over.learningRate);
  if (over.size) ui.size.value = over.size;
  if (over.latent !== undefined) ui.latentDim.value = String(latentSize(over.latent));
  return {
    model: ui.model.value as ModelKind,
    size: ui.size.value as ModelSize,
    labels: positiveInt(ui.labels, 'Labels used'),
    epochs: positiveInt(ui.epochs, 'Epochs'),
    batchSize: positiveInt(ui.batchSize, 'Batch size'),
    learningRate: positiveNumber(ui.learningRate, 'Learning rate'),
    latent: latentSize(Number(ui.latentDim.value)),
    ...(over.maxBatches !== undefined ? { maxBatches: over.maxBatches } : {}),
  };
}
