import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { formatDataSpec } from '../data-spec';
import { UsageError } from '../errors';
import type { Io } from '../io';
import type { RunSettings } from '../run-files';
import { defaultRunDir, RUN_FILES, runExistsError } from '../run-folder';
import { runTraining } from '../run-training';
import type { TrainSummary } from '../summary';
import { checkTrainOptions, denoising, type TrainOptions } from '../train-options';
import { withInterrupt } from './interrupt';

async function checkFreshDir(dir: string): Promise<void> {
  const files = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    if (err.code === 'ENOTDIR') {
      throw new UsageError(`--out ${dir} is a file, or inside one; expected a folder for the run`);
    }
    throw err;
  });
  if (files.includes(RUN_FILES.settings)) throw runExistsError(dir);
}

/** `aecnn train`: writes run.json, then trains, evaluates and writes the run folder; returns the summary. */
export async function train(options: TrainOptions, io: Io): Promise<TrainSummary> {
  checkTrainOptions(options);
  const dir = path.resolve(options.out ?? defaultRunDir(options.model));
  await checkFreshDir(dir);
  const settings: RunSettings = {
    version: 1,
    model: options.model,
    data: formatDataSpec(options.data),
    ...(options.testData ? { testData: formatDataSpec(options.testData) } : {}),
    ...(options.labels !== undefined ? { labels: options.labels } : {}),
    strategy: options.strategy,
    ...denoising(options),
    epochs: options.epochs,
    batchSize: options.batchSize,
    lr: options.lr,
    ...(options.latent !== undefined ? { latent: options.latent } : {}),
    ...(options.beta !== undefined ? { beta: options.beta } : {}),
    seed: options.seed,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.classes !== undefined ? { classes: options.classes } : {}),
    ...(options.channels !== undefined ? { channels: options.channels } : {}),
    ...(options.size !== undefined ? { size: options.size } : {}),
    createdAt: new Date().toISOString(),
  };
  return withInterrupt((signal) =>
    runTraining(
      {
        dir,
        settings,
        resume: false,
        json: options.json,
        signal,
        ...(options.backend ? { backend: options.backend } : {}),
      },
      io,
    ),
  );
}
