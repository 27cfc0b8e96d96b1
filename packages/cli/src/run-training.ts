import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { type BackendInfo, bestBackend, useBackend } from '@aecnn/backends';
import type { AecnnModel } from '@aecnn/models';
import {
  evaluate,
  type FitResult,
  fit,
  type SemiSupervisedPlan,
  type StrategySpec,
  semiSupervised,
} from '@aecnn/train';
import { fileStore } from '@aecnn/train/node';
import { createModel } from './create-model';
import { parseDataSpec } from './data-spec';
import type { Io } from './io';
import { labeledView } from './labeled-view';
import { loadRunData, type RunData } from './load-data';
import { disposeModel, saveModel } from './model-files';
import { runNoise } from './noise-spec';
import { sizeOf } from './parse-number';
import { createProgress, type Progress } from './progress';
import { type EpochRecord, epochRecord, type MetricsFile, type RunSettings } from './run-files';
import { RUN_FILES, runExistsError, writeJsonAtomic } from './run-folder';
import { claimRunDir } from './run-lock';
import { writeRunReport } from './run-report';
import { collectSamples } from './samples';
import { formatSummary, type TrainSummary, testResultOf } from './summary';
import { type CliBackend, hasClassifier, hasDecoder } from './train-options';
import { writeRunPrior } from './vae-prior-file';

/** How runTraining is called: a fresh run or a resumed one, and where the output goes. */
export interface RunContext {
  readonly dir: string;
  readonly settings: RunSettings;
  /** Continue from the run folder's checkpoint; otherwise run.json is written once data and model are ready. */
  readonly resume: boolean;
  readonly backend?: CliBackend;
  readonly json: boolean;
  /** Aborting stops after the current step, writing a checkpoint first. */
  readonly signal?: AbortSignal;
}

/** Validation images evaluated after each epoch (for the curves); the final test uses all test images. */
const VALIDATION_IMAGES = 1000;

/** The checkpoint file inside the run folder. */
export function checkpointFile(dir: string): string {
  return path.join(dir, RUN_FILES.checkpoint, 'checkpoint.bin');
}

function strategyOf(s: RunSettings, data: RunData): StrategySpec {
  if (s.strategy === 'pretrain') {
    return {
      kind: 'pretrain',
      // NOTE: half the epochs (rounded up) pretrain the autoencoder; the rest train the classifier head on the
      // labeled images with the encoder frozen, so the classifier can only use what the autoencoder learned.
      pretrainEpochs: Math.ceil(s.epochs / 2),
      encoder: 'frozen',
      classifierData: labeledView(data.train, data.train.size),
    };
  }
  const noise = runNoise(s);
  return noise ? { kind: 'denoising', noise } : 'joint';
}

/**
 * A jointly trained fusion model with `--labels` uses the semi-supervised recipe of @aecnn/train (labeled images in
 * every batch, shifted and noised training views, pseudo-labels; docs/RESULTS.md); undefined otherwise.
 */
function semiPlan(s: RunSettings, data: RunData): SemiSupervisedPlan | undefined {
  const fusionModel = hasDecoder(s.model) && hasClassifier(s.model);
  if (!fusionModel || s.labels === undefined || s.strategy !== 'joint' || !data.train.isPartiallyLabeled) {
    return undefined;
  }
  return semiSupervised(data.train);
}

function throughput(history: readonly EpochRecord[]): { seconds: number; imagesPerSecond: number } {
  let seconds = 0;
  let images = 0;
  for (const h of history) {
    seconds += h.seconds as number;
    images += (h.images_per_second as number) * (h.seconds as number);
  }
  return { seconds, imagesPerSecond: seconds > 0 ? images / seconds : 0 };
}

function progressCallbacks(progress: Progress, epochs: number) {
  let accuracy: number | undefined;
  return {
    // NOTE: async on purpose. On wasm and cpu a whole epoch runs in microtasks; yielding one macrotask turn a
    // batch lets the progress bar's timer redraw and lets Ctrl-C (SIGINT) be handled mid-epoch.
    async onProgress(e: {
      phase: string;
      epoch: number;
      batch: number;
      batchesPerEpoch: number;
      loss: number;
      imagesPerSecond: number;
      etaSeconds: number;
    }) {
      progress.batch({
        ...(e.phase === 'joint' ? {} : { phase: e.phase }),
        epoch: e.epoch + 1,
        epochs,
        batch: e.batch + 1,
        batches: e.batchesPerEpoch,
        loss: e.loss,
        ...(accuracy === undefined ? {} : { accuracy }),
        imagesPerSecond: e.imagesPerSecond,
        etaSeconds: e.etaSeconds,
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    onEpochEnd(e: Parameters<typeof epochRecord>[0]) {
      const row = epochRecord(e);
      if (typeof row.val_accuracy === 'number') accuracy = row.val_accuracy;
      const metrics: Record<string, number> = {};
      for (const k of ['loss', 'accuracy', 'mse', 'val_loss', 'val_accuracy', 'val_mse']) {
        if (typeof row[k] === 'number') metrics[k] = row[k] as number;
      }
      progress.epoch({
        ...(e.phase === 'joint' ? {} : { phase: e.phase }),
        epoch: e.epoch + 1,
        epochs,
        metrics,
        imagesPerSecond: e.imagesPerSecond,
        seconds: e.seconds,
      });
    },
  };
}

async function startBackend(name: CliBackend | undefined): Promise<BackendInfo> {
  return name ? useBackend(name) : bestBackend();
}

/** Trains with a checkpoint after every epoch; a stop (Ctrl-C) ends with an error that says how to resume. */
async function trainModel(
  ctx: RunContext,
  model: AecnnModel,
  data: RunData,
  progress: Progress,
): Promise<FitResult> {
  const { dir, settings: s } = ctx;
  // A classifier alone learns nothing from unlabeled images: train it on the labeled ones only.
  const trainData = hasDecoder(s.model) ? data.train : labeledView(data.train, data.train.size);
  const semi = semiPlan(s, data);
  const result = await fit(model, semi?.data ?? trainData, {
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.lr,
    seed: s.seed,
    strategy: semi?.strategy ?? strategyOf(s, data),
    ...(semi ? { schedule: semi.schedule } : {}),
    validationData: data.test.take(VALIDATION_IMAGES),
    checkpoint: { store: fileStore(checkpointFile(dir)) },
    resume: ctx.resume,
    callbacks: progressCallbacks(progress, s.epochs),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (result.resumedFrom) progress.log(`resumed from the checkpoint after epoch ${result.resumedFrom.epoch}`);
  if (result.stopReason === 'aborted' || result.stopReason === 'stopped') {
    throw new Error(
      `stopped after ${result.epochs} of ${s.epochs} epochs; the checkpoint is saved, continue with: aecnn train --resume ${dir}`,
    );
  }
  return result;
}

/** Evaluates the trained model and writes model, samples, metrics, pictures and report; returns the summary. */
async function writeResults(
  ctx: RunContext,
  model: AecnnModel,
  data: RunData,
  result: FitResult,
  backend: BackendInfo,
  io: Io,
): Promise<TrainSummary> {
  const { dir, settings: s } = ctx;
  const { train, test } = data;
  io.err(`evaluating on ${test.size} test images...\n`);
  const noise = runNoise(s);
  const evaluation = await evaluate(model, test, {
    batchSize: 256,
    ...(noise ? { noise, seed: s.seed } : {}),
  });
  await saveModel(model, dir);
  const history = result.history.map(epochRecord);
  const { seconds, imagesPerSecond } = throughput(history);
  const { confusionMatrix, ...testSummary } = testResultOf(evaluation);
  const summary: TrainSummary = {
    model: s.model,
    backend: backend.name,
    strategy: s.strategy,
    denoise: s.denoise,
    epochs: result.epochs,
    batchSize: s.batchSize,
    trainSamples: train.size,
    labeledSamples: hasClassifier(s.model) ? train.labeledCount : 0,
    params: model.paramCount(),
    samplesPerSecond: imagesPerSecond,
    trainSeconds: seconds,
    seed: s.seed,
    data: s.data,
    testData: data.testSource,
    test: testSummary,
    outDir: dir,
    resumedFromEpoch: result.resumedFrom?.epoch ?? null,
  };
  const prior = s.model === 'vae' ? { prior: await writeRunPrior(dir, model, train, s.seed, io) } : {};
  io.err('writing the model, pictures and report...\n');
  const samples = await collectSamples(model, test, { ...(noise ? { noise } : {}), seed: s.seed, ...prior });
  const metrics: MetricsFile = {
    summary,
    history,
    test: { ...testSummary, confusionMatrix },
    ...(train.classNames ? { classNames: train.classNames } : {}),
  };
  await writeJsonAtomic(path.join(dir, RUN_FILES.samples), samples);
  await writeJsonAtomic(path.join(dir, RUN_FILES.metrics), metrics);
  await writeRunReport(dir);
  return summary;
}

/**
 * The body of `aecnn train` and `aecnn train --resume`: loads data, builds the model, trains with a checkpoint
 * every epoch, evaluates on the test images, and writes the model, metrics, pictures and report into the run folder.
 */
export async function runTraining(ctx: RunContext, io: Io): Promise<TrainSummary> {
  const { dir, settings: s } = ctx;
  const release = await claimRunDir(dir);
  const progress = createProgress(io);
  let model: AecnnModel | undefined;
  let wroteSettings = false;
  try {
    if (!ctx.resume && existsSync(path.join(dir, RUN_FILES.settings))) {
      // Another run finished into this folder between the caller's check and the claim.
      throw runExistsError(dir);
    }
    const backend = await startBackend(ctx.backend);
    progress.log(
      `aecnn train: ${s.model} on ${backend.name}${backend.simd ? ' (simd)' : ''}, ${ctx.resume ? 'resuming' : 'writing'} ${dir}`,
    );
    const data = await loadRunData({
      data: parseDataSpec(s.data),
      ...(s.testData ? { testData: parseDataSpec(s.testData) } : {}),
      ...(s.limit !== undefined ? { limit: s.limit } : {}),
      ...(s.classes !== undefined ? { classes: s.classes } : {}),
      ...(s.channels !== undefined ? { channels: s.channels } : {}),
      ...(s.size !== undefined ? { size: sizeOf(s.size) } : {}),
      ...(s.labels !== undefined ? { labels: s.labels } : {}),
      seed: s.seed,
      note: (line) => progress.log(line),
    });
    model = createModel(
      s.model,
      { inputShape: data.train.imageShape, classes: data.train.numClasses },
      {
        ...(s.latent !== undefined ? { latent: s.latent } : {}),
        ...(s.beta !== undefined ? { beta: s.beta } : {}),
        seed: s.seed,
      },
    );
    if (!ctx.resume) {
      // NOTE: written only now, so that a bad backend, data source or model leaves no half-started run behind.
      await writeJsonAtomic(path.join(dir, RUN_FILES.settings), { ...s, backend: backend.name });
      wroteSettings = true;
    }
    progress.log(
      `${data.train.size} training images (${data.train.labeledCount} labeled), ${data.test.size} test images (${data.testSource}), ${model.paramCount().toLocaleString('en-US')} parameters`,
    );
    const result = await trainModel(ctx, model, data, progress);
    progress.stop();
    const summary = await writeResults(ctx, model, data, result, backend, io);
    io.out(ctx.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return summary;
  } catch (err) {
    if (wroteSettings) await removeUnstartedRun(dir, release);
    throw err;
  } finally {
    progress.stop();
    if (model) disposeModel(model);
    await release();
  }
}

/**
 * After a new run failed before its first checkpoint: removes its run.json (and the folder, when nothing else is in
 * it), so the same --out can be used again. A run with a checkpoint is kept for --resume.
 */
async function removeUnstartedRun(dir: string, release: () => Promise<void>): Promise<void> {
  if (existsSync(path.join(dir, RUN_FILES.checkpoint))) return;
  await rm(path.join(dir, RUN_FILES.settings), { force: true });
  await release();
  // NOTE: a folder that still holds other files is kept; the run's own error is the one to report.
  await rmdir(dir).catch(() => undefined);
}
