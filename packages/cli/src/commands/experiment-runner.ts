import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors';
import type { Io } from '../io';
import type { RunData } from '../load-data';
import { formatDuration } from '../progress';
import { writeFileAtomic, writeJsonAtomic } from '../run-folder';
import {
  type CellContext,
  describeCell,
  experimentBackend,
  experimentData,
  type PoolCell,
  progressDue,
  type RunOf,
} from './experiment-cells';
import type { CommonExperimentOptions, ExperimentKind } from './experiment-options';
import { canRunWorkers, runCells } from './experiment-pool';
import { withInterrupt } from './interrupt';

/** The file every experiment writes its results to (and rewrites after each run). */
export const RESULTS_JSON = 'results.json';

/** Where and how an experiment ran; in every results.json. */
export interface ExperimentHardware {
  readonly backend: string;
  readonly cpus: number;
  /** Trainings run at once (worker threads); the results do not depend on it. */
  readonly jobs: number;
  readonly cpuModel: string;
  readonly node: string;
}

/** What an experiment's results are built from, besides its runs. */
export interface ResultsContext {
  readonly data: RunData;
  readonly hardware: ExperimentHardware;
  readonly wallSeconds: number;
  /** False while the experiment is still running (results.json is rewritten after every run). */
  readonly complete: boolean;
  readonly outDir: string;
}

/** The settings fields every results.json ends with: how many images were trained on and tested on, and which. */
export function dataSettings(data: RunData): { trainSamples: number; testData: string; testSamples: number } {
  return { trainSamples: data.train.size, testData: data.testSource, testSamples: data.test.size };
}

/** The fields every results.json ends with: wall time, whether it is complete, and the folder. */
export function runState(ctx: ResultsContext): { wallSeconds: number; complete: boolean; outDir: string } {
  return { wallSeconds: ctx.wallSeconds, complete: ctx.complete, outDir: ctx.outDir };
}

/** One experiment for runExperiment: its cells, its log lines, its results and the files made from them. */
export interface ExperimentPlan<C extends PoolCell, R extends { readonly table: string }> {
  readonly kind: ExperimentKind;
  readonly options: CommonExperimentOptions;
  /** The cells, once the data is loaded; a UsageError for data they cannot use. */
  cells(data: RunData): C[];
  /** The log's summary of the cells, e.g. `12 trainings (30, all labels x 2 seeds x cnn, pretrain, fusion)`. */
  headline(cells: readonly C[]): string;
  /** A finished run in the log, e.g. `test accuracy 93.20%`. */
  outcome(run: RunOf<C>): string;
  /** The results (results.json) of the runs finished so far, in cell order. */
  results(runs: RunOf<C>[], ctx: ResultsContext): R;
  /** The files besides results.json, by name: results.md and pictures. */
  files(results: R): Record<string, string | Uint8Array>;
}

function defaultDir(kind: ExperimentKind, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join('runs', `experiment-${kind}-${stamp}`);
}

/**
 * Runs an experiment's cells (`--jobs` worker threads, longest first), logs each epoch quarter and finished run on
 * stderr, rewrites results.json and the plan's files after every run, and prints the table (or the JSON) at the end.
 */
export async function runExperiment<C extends PoolCell, R extends { readonly table: string }>(
  plan: ExperimentPlan<C, R>,
  io: Io,
): Promise<R> {
  const o = plan.options;
  const dir = path.resolve(o.out ?? defaultDir(plan.kind));
  if (existsSync(path.join(dir, RESULTS_JSON))) {
    throw new UsageError(`--out ${dir} already holds experiment results; pick another --out.`);
  }
  const t0 = performance.now();
  const ctx: CellContext = {
    ...(o.backend ? { backend: o.backend } : {}),
    ...(o.testData ? { testData: o.testData } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    batchSize: o.batchSize,
  };
  const soFar = () => formatDuration((performance.now() - t0) / 1000);
  return withInterrupt(async (signal) => {
    const backend = await experimentBackend(ctx);
    const data = await experimentData(ctx, (line) => io.err(`${line}\n`));
    const cells = plan.cells(data);
    const jobs = Math.min(o.jobs ?? availableParallelism(), cells.length);
    const parallel = jobs > 1 && canRunWorkers();
    io.err(
      `aecnn experiment ${plan.kind} on ${backend}: ${plan.headline(cells)}, ${parallel ? `${jobs} at a time (worker threads)` : 'one at a time'}, writing ${dir}\n`,
    );
    const hardware: ExperimentHardware = {
      backend,
      cpus: cpus().length,
      jobs: parallel ? jobs : 1,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
    };
    // Finished runs by cell index; written in cell order whatever order the jobs finish in.
    const finished = new Map<number, RunOf<C>>();
    const write = async (complete: boolean): Promise<R> => {
      const runs = cells.flatMap((c) => (finished.has(c.index) ? [finished.get(c.index)!] : []));
      const wallSeconds = (performance.now() - t0) / 1000;
      const results = plan.results(runs, { data, hardware, wallSeconds, complete, outDir: dir });
      await writeJsonAtomic(path.join(dir, RESULTS_JSON), results);
      for (const [name, bytes] of Object.entries(plan.files(results))) {
        await writeFileAtomic(path.join(dir, name), bytes);
      }
      return results;
    };
    await runCells(cells, ctx, {
      jobs: parallel ? jobs : 1,
      signal,
      data,
      onEpoch: (cell, progress) => {
        if (!progressDue(progress)) return;
        io.err(`  ${describeCell(cell)}: epoch ${progress.epoch}/${progress.epochs} (${soFar()} so far)\n`);
      },
      onRun: async (cell, run) => {
        finished.set(cell.index, run);
        io.err(
          `[${finished.size}/${cells.length}] ${describeCell(cell)}: ${plan.outcome(run)} (${formatDuration(run.trainSeconds)} training, ${soFar()} so far)\n`,
        );
        await write(false);
      },
    }).catch((e: unknown) => {
      throw signal.aborted && e instanceof Error ? new Error(`${e.message} in ${dir}`) : e;
    });
    const results = await write(true);
    io.out(o.json ? `${JSON.stringify(results, null, 2)}\n` : `${results.table}\nwritten to ${dir}\n`);
    return results;
  });
}
