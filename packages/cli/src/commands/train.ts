import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { runSettingsOf } from '../run-files';
import { defaultRunDir, RUN_FILES, runExistsError } from '../run-folder';
import { runTraining } from '../run-training';
import type { TrainSummary } from '../summary';
import { checkTrainOptions, type TrainOptions } from '../train-options';
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
  const settings = runSettingsOf(options, new Date().toISOString());
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
