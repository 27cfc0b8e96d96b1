import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunData } from '../load-data';
import {
  type CellContext,
  type CellProgress,
  type CellRun,
  cellCost,
  describeCell,
  type PoolCell,
  type RunOf,
  runCell,
} from './experiment-cells';

/** What a worker thread sends about one cell: a finished epoch, its run, or the error that stopped it. */
export type WorkerReply =
  | {
      readonly index: number;
      readonly progress: CellProgress;
      readonly run?: undefined;
      readonly error?: undefined;
    }
  | {
      readonly index: number;
      readonly run: CellRun;
      readonly progress?: undefined;
      readonly error?: undefined;
    }
  | { readonly index: number; readonly error: string; readonly progress?: undefined };

/** Options of runCells. */
export interface RunCellsOptions<C extends PoolCell> {
  /** Trainings at once: 1 trains in this thread, more start that many worker threads (one backend each). */
  readonly jobs: number;
  readonly signal: AbortSignal;
  /** This thread's data, for jobs = 1. */
  readonly data: RunData;
  /** Called as each cell finishes, in finishing order, one call at a time. */
  readonly onRun: (cell: C, run: RunOf<C>) => Promise<void>;
  /** Called after every epoch of a cell's training. */
  readonly onEpoch?: (cell: C, progress: CellProgress) => void;
}

// In the built package the worker sits next to the bundle (tsup entry `experiment-worker`); run from the sources
// (tests) it does not exist and the cells run in this thread.
const WORKER_URL = new URL('./experiment-worker.js', import.meta.url);

/** True when worker threads can run cells (the built CLI). */
export function canRunWorkers(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Trains every cell, `jobs` at a time, the longest first (`cellCost`) so that no long training is left to run alone
 * at the end. Cells are independent and seeded, so any number of jobs gives the same runs; a failed cell or an abort
 * stops the workers and rejects.
 */
export async function runCells<C extends PoolCell>(
  cells: readonly C[],
  ctx: CellContext,
  o: RunCellsOptions<C>,
): Promise<void> {
  const stopped = (done: number) =>
    new Error(`stopped after ${done} of ${cells.length} trainings; partial results`);
  if (o.jobs <= 1 || !canRunWorkers()) {
    let done = 0;
    for (const cell of cells) {
      if (o.signal.aborted) throw stopped(done);
      const run = await runCell(cell, o.data, ctx, o.signal, (p) => o.onEpoch?.(cell, p));
      if (o.signal.aborted) throw stopped(done);
      await o.onRun(cell, run as RunOf<C>);
      done++;
    }
    return;
  }
  const workers = Array.from(
    { length: Math.min(o.jobs, cells.length) },
    () => new Worker(WORKER_URL, { workerData: ctx }),
  );
  const queue = [...cells].sort((a, b) => cellCost(b) - cellCost(a) || a.index - b.index);
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      let reporting = Promise.resolve();
      const fail = (e: Error) => {
        if (!failed) reject(e);
        failed = true;
      };
      const feed = (w: Worker) => {
        const cell = queue[next++];
        if (cell) w.postMessage(cell);
      };
      if (o.signal.aborted) fail(stopped(0));
      o.signal.addEventListener('abort', () => fail(stopped(done)), { once: true });
      for (const w of workers) {
        w.on('error', (e) => fail(new Error(`experiment worker failed: ${e.message}`)));
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`experiment worker exited with code ${code}`));
        });
        w.on('message', (reply: WorkerReply) => {
          const cell = cells.find((c) => c.index === reply.index);
          if (failed) return;
          if (!cell) return fail(new Error(`experiment worker answered an unknown cell ${reply.index}`));
          if (reply.progress) return o.onEpoch?.(cell, reply.progress);
          if (reply.error !== undefined) {
            return fail(new Error(`${describeCell(cell)} failed in its worker: ${reply.error}`));
          }
          feed(w);
          // One onRun at a time, in finishing order: each rewrites the same results files.
          reporting = reporting
            .then(() => o.onRun(cell, reply.run as RunOf<C>))
            .then(() => {
              done++;
              if (done === cells.length) resolve();
            }, fail);
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
