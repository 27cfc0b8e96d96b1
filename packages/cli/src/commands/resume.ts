import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors';
import type { Io } from '../io';
import type { RunSettings } from '../run-files';
import { RUN_FILES } from '../run-folder';
import { readRunSettings } from '../run-settings-check';
import { checkpointFile, runTraining } from '../run-training';
import type { TrainSummary } from '../summary';
import { BACKEND_NAMES, type CliBackend } from '../train-options';
import { withInterrupt } from './interrupt';
import type { ResumeOptions } from './options';

/** `aecnn train --resume DIR`: continues a stopped run from its last checkpoint with its saved settings. */
export async function resume(options: ResumeOptions, io: Io): Promise<TrainSummary> {
  const dir = path.resolve(options.dir);
  const settings = await readRunSettings(dir);
  await checkResumable(dir, io);
  const backend = options.backend ?? savedBackend(settings);
  if (!options.backend && backend) io.err(`resuming on ${backend}, the backend the run started on\n`);
  return withInterrupt((signal) =>
    runTraining(
      {
        dir,
        settings,
        resume: true,
        json: options.json,
        signal,
        ...(backend ? { backend } : {}),
      },
      io,
    ),
  );
}

/** The backend run.json records, when it is one the CLI offers. */
function savedBackend(settings: RunSettings): CliBackend | undefined {
  const b = settings.backend;
  return b !== undefined && (BACKEND_NAMES as readonly string[]).includes(b) ? (b as CliBackend) : undefined;
}

/**
 * Refuses a run that finished and has no checkpoint (resuming would retrain it from epoch 1 over its model); says
 * so when a run has neither; removes temporary files that a killed write left behind.
 */
async function checkResumable(dir: string, io: Io): Promise<void> {
  if (!existsSync(checkpointFile(dir))) {
    const outputs = [RUN_FILES.modelJson, RUN_FILES.weights, RUN_FILES.metrics].filter((f) =>
      existsSync(path.join(dir, f)),
    );
    if (outputs.length > 0) {
      throw new UsageError(
        `${dir} holds a finished run (${outputs.join(', ')}) and no checkpoint to resume from; resuming would retrain it from epoch 1 over its model. Start a new run with another --out.`,
      );
    }
    io.err(`no checkpoint in ${dir} yet; starting at epoch 1\n`);
  }
  const stale = (await readdir(dir)).filter((f) => /\.tmp(-|$)/.test(f));
  await Promise.all(stale.map((f) => rm(path.join(dir, f), { force: true })));
  if (stale.length > 0)
    io.err(`removed ${stale.length} temporary file(s) left by an interrupted write: ${stale.join(', ')}\n`);
}
