import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors';

/** The lock file of a run folder being written: it holds the writing process's pid. */
export const RUN_LOCK = '.aecnn-lock';

/** Whether process `pid` is running (EPERM: it is, but another user's). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims run folder `dir` for this process by creating `dir/.aecnn-lock` exclusively (with the pid inside), so two
 * `aecnn train` started at once into one folder cannot both write it: the second gets a UsageError naming the
 * first's pid. A lock whose process is gone (a killed run) is stale and taken over. Resolves with the release
 * function, which removes the lock and the folder too if this claim created it and it is still empty.
 */
export async function claimRunDir(dir: string): Promise<() => Promise<void>> {
  const created = !existsSync(dir);
  await mkdir(dir, { recursive: true });
  const lock = path.join(dir, RUN_LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (alive(pid) || attempt > 0) {
        throw new UsageError(
          `${dir} is being written by another aecnn train (pid ${pid || 'unknown'}, see ${RUN_LOCK}); wait for it to finish or pick another --out`,
        );
      }
      await rm(lock, { force: true }); // stale: the process that held it is gone
    }
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await rm(lock, { force: true });
    if (created) await rmdir(dir).catch(() => undefined); // only when empty
  };
}
