import path from 'node:path';
import type { Io } from '../io';
import type { RunSettings } from '../run-files';
import { RUN_FILES, readRunJson } from '../run-folder';
import { runTraining } from '../run-training';
import type { TrainSummary } from '../summary';
import { withInterrupt } from './interrupt';
import type { ResumeOptions } from './options';

/** `aecnn train --resume DIR`: continues a stopped run from its last checkpoint with its saved settings. */
export async function resume(options: ResumeOptions, io: Io): Promise<TrainSummary> {
  const dir = path.resolve(options.dir);
  const settings = await readRunJson<RunSettings>(dir, RUN_FILES.settings, 'needed to resume');
  if (settings.version !== 1) {
    throw new Error(
      `${path.join(dir, RUN_FILES.settings)}: version ${settings.version} is not supported (expected 1)`,
    );
  }
  return withInterrupt((signal) =>
    runTraining(
      {
        dir,
        settings,
        resume: true,
        json: options.json,
        signal,
        ...(options.backend ? { backend: options.backend } : {}),
      },
      io,
    ),
  );
}
