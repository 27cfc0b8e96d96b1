// Worker thread of `aecnn experiment --jobs N`: loads the data once, then trains the cells it is sent, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import {
  type CellContext,
  type CellProgress,
  experimentBackend,
  experimentData,
  type PoolCell,
  runCell,
} from './experiment-cells';
import type { WorkerReply } from './experiment-pool';

const port = parentPort;
if (!port) throw new Error('experiment-worker: expected to run in a worker thread (aecnn experiment --jobs)');
const ctx = workerData as CellContext;
const ready = experimentBackend(ctx).then(() => experimentData(ctx));
// A failed start is reported with the first cell (below), not as an unhandled rejection that kills the thread.
ready.catch(() => {});

port.on('message', async (cell: PoolCell) => {
  let reply: WorkerReply;
  try {
    const onEpoch = (progress: CellProgress) =>
      port.postMessage({ index: cell.index, progress } satisfies WorkerReply);
    reply = { index: cell.index, run: await runCell(cell, await ready, ctx, undefined, onEpoch) };
  } catch (e) {
    reply = { index: cell.index, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
