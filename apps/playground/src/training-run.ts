// One training run, apart from the page: settings and data in, events out as it goes, the report at the end.
// NOTE: it touches no DOM, so that it can move into a Web Worker with its events posted as messages.
import type { Dataset } from '@aecnn/data';
import type { AecnnModel } from '@aecnn/models';
import { fit, type ProgressEvent } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainReport, TrainSettings } from './hook';
import { createModel } from './models';
import { trainingData } from './settings';

/** The data a run trains on: the training digits, and the probe digits it validates on after each epoch. */
export interface RunData {
  train: Dataset;
  probe: Dataset;
}

/** One epoch's point on the curves: the step it ended at and its metrics. */
export interface EpochPoint {
  /** Epoch number, from 1. */
  epoch: number;
  step: number;
  testLoss?: number;
  trainAccuracy?: number;
  testAccuracy?: number;
}

/** What a run tells as it goes; it awaits the async ones, so a page can draw before the run goes on. */
export interface RunEvents {
  /** The model is built, before the first batch; `images` is how many the run trains on. */
  started(model: AecnnModel, images: number): Promise<void>;
  /** After each batch, with the steps done so far and its loss. */
  batch(step: number, loss: number): void;
  /** After each batch, between `batch` and the next one (the page yields to paint and take clicks here). */
  pause(): Promise<void>;
  /** Throughput and time left, after each batch. */
  progress(e: ProgressEvent): void;
  /** After each epoch, once its probe metrics are known. */
  epoch(point: EpochPoint): Promise<void>;
  /** After the last batch, before the run's time is taken. */
  ended(): Promise<void>;
}

/**
 * Builds a fresh model for `settings`, trains it on `data` (seeded) and resolves with it and the report;
 * `signal` ends the run after the current batch (`report.stopped`).
 */
export async function runTraining(
  settings: TrainSettings,
  data: RunData,
  seed: number,
  events: RunEvents,
  signal: AbortSignal,
): Promise<{ model: AecnnModel; report: TrainReport }> {
  const t0 = performance.now();
  const train = trainingData(settings.model, data.train, settings.labels, seed);
  const model = createModel(settings.model, settings.size, seed, settings.latent);
  const report: TrainReport = {
    backend: tf.getBackend(),
    settings,
    losses: [],
    accuracies: [],
    epochs: [],
    final: {},
    batches: 0,
    stopped: false,
    seconds: 0,
  };
  let lastStep = 0;
  await events.started(model, train.size);
  await fit(model, train, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    seed,
    // The U-Net learns to denoise: gaussian noise (sigma 0.3) on its inputs, the clean digits as targets.
    ...(settings.model === 'unet' ? { strategy: { kind: 'denoising' as const } } : {}),
    validationData: data.probe,
    callbacks: {
      onBatchEnd: async (e) => {
        report.losses.push(e.loss);
        report.batches++;
        lastStep = e.step;
        events.batch(e.step, e.loss);
        if (signal.aborted) {
          report.stopped = true;
          e.stop();
        }
        if (settings.maxBatches !== undefined && report.batches >= settings.maxBatches) e.stop();
        await events.pause();
      },
      onProgress: (e) => events.progress(e),
      onEpochEnd: async (e) => {
        report.epochs.push({
          epoch: e.epoch + 1,
          loss: e.val?.loss ?? e.loss,
          ...(e.val?.accuracy !== undefined ? { accuracy: e.val.accuracy } : {}),
        });
        await events.epoch({
          epoch: e.epoch + 1,
          step: lastStep,
          ...(e.val?.loss !== undefined ? { testLoss: e.val.loss } : {}),
          ...(e.metrics.accuracy !== undefined ? { trainAccuracy: e.metrics.accuracy } : {}),
          ...(e.val?.accuracy !== undefined ? { testAccuracy: e.val.accuracy } : {}),
        });
      },
    },
  });
  await events.ended();
  report.seconds = (performance.now() - t0) / 1000;
  return { model, report };
}
