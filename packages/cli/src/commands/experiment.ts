import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { toSvg } from '@aecnn/viz';
import { toPng } from '@aecnn/viz/node';
import { formatDataSpec } from '../data-spec';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { formatDuration } from '../progress';
import { writeFileAtomic, writeJsonAtomic } from '../run-folder';
import {
  type CellContext,
  type ExperimentCell,
  experimentBackend,
  experimentData,
  progressDue,
} from './experiment-cells';
import { type ExperimentOptions, type LabelCount, rowEpochs } from './experiment-options';
import { accuracyPlot } from './experiment-plot';
import { canRunWorkers, runCells } from './experiment-pool';
import {
  type MethodRun,
  type MethodStats,
  markdownTable,
  SEMI_METHODS,
  summarizeRuns,
} from './experiment-stats';
import { withInterrupt } from './interrupt';

/** The files an experiment writes into its folder. */
export const EXPERIMENT_FILES = Object.freeze({
  json: 'results.json',
  markdown: 'results.md',
  png: 'accuracy.png',
  svg: 'accuracy.svg',
});

/** What `aecnn experiment semi` returns and writes to results.json (and prints with --json). */
export interface ExperimentResults {
  readonly experiment: 'semi';
  readonly command: string;
  readonly settings: {
    readonly labels: readonly LabelCount[];
    readonly seeds: number;
    /** Epochs of the fusion and pretrain methods, and of the CNN, with few labels... */
    readonly epochs: number;
    readonly cnnEpochs: number;
    /** ...and with all labels. */
    readonly fullLabelEpochs: number;
    readonly fullLabelCnnEpochs: number;
    readonly batchSize: number;
    readonly trainSamples: number;
    readonly testData: string;
    readonly testSamples: number;
  };
  readonly hardware: {
    readonly backend: string;
    readonly cpus: number;
    /** Trainings run at once (worker threads); the results do not depend on it. */
    readonly jobs: number;
    readonly cpuModel: string;
    readonly node: string;
  };
  /** One entry per finished (label count, seed, method), in that order whatever the jobs. */
  readonly runs: readonly MethodRun[];
  /** Mean, std (over seeds), min and max per (label count, method). */
  readonly summary: readonly MethodStats[];
  /** The table of results.md. */
  readonly table: string;
  readonly wallSeconds: number;
  /** False while the experiment is still running (results.json is rewritten after every run). */
  readonly complete: boolean;
  readonly outDir: string;
}

function defaultDir(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join('runs', `experiment-semi-${stamp}`);
}

/** The equivalent command line, for the results file. */
function commandLine(o: ExperimentOptions): string {
  const parts = [
    'aecnn experiment semi',
    `--labels ${o.labels.join(',')}`,
    `--seeds ${o.seeds}`,
    ...(o.epochs !== undefined ? [`--epochs ${o.epochs}`] : []),
    ...(o.cnnEpochs !== undefined ? [`--cnn-epochs ${o.cnnEpochs}`] : []),
    ...(o.batchSize !== 64 ? [`--batch-size ${o.batchSize}`] : []),
    ...(o.testData ? [`--test-data ${formatDataSpec(o.testData)}`] : []),
    ...(o.limit !== undefined ? [`--limit ${o.limit}`] : []),
    ...(o.backend ? [`--backend ${o.backend}`] : []),
  ];
  return parts.join(' ');
}

/**
 * `aecnn experiment semi`: for every label count and seed, trains the CNN alone on the labeled images, the
 * autoencoder-pretrained classifier and the semi-supervised fusion model, then writes results.json, results.md
 * (mean ± std table) and accuracy.png/svg into the output folder and prints the table (or the JSON).
 */
export async function experiment(options: ExperimentOptions, io: Io): Promise<ExperimentResults> {
  if (options.kind !== 'semi') throw new UsageError(`unknown experiment '${options.kind}'; expected semi`);
  if (options.labels.length === 0) throw new UsageError('--labels: expected at least one label count');
  const few = rowEpochs(options, 1);
  const full = rowEpochs(options, 'all');
  const dir = path.resolve(options.out ?? defaultDir());
  if (existsSync(path.join(dir, EXPERIMENT_FILES.json))) {
    throw new UsageError(`--out ${dir} already holds experiment results; pick another --out.`);
  }
  const t0 = performance.now();
  const ctx: CellContext = {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.testData ? { testData: options.testData } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    batchSize: options.batchSize,
  };
  return withInterrupt(async (signal) => {
    const backendName = await experimentBackend(ctx);
    const data = await experimentData(ctx, (line) => io.err(`${line}\n`));
    for (const labels of options.labels) {
      if (labels !== 'all' && labels > data.train.size) {
        throw new UsageError(`--labels ${labels}: only ${data.train.size} training images are available`);
      }
    }
    const cells: ExperimentCell[] = [];
    for (const labels of options.labels) {
      for (let seed = 1; seed <= options.seeds; seed++) {
        const epochs = labels === 'all' ? full : few;
        for (const method of SEMI_METHODS)
          cells.push({ index: cells.length, labels, seed, method, ...epochs });
      }
    }
    const jobs = Math.min(options.jobs ?? availableParallelism(), cells.length);
    const parallel = jobs > 1 && canRunWorkers();
    io.err(
      `aecnn experiment semi on ${backendName}: ${cells.length} trainings (${options.labels.join(', ')} labels x ${options.seeds} seeds x ${SEMI_METHODS.join(', ')}), ${parallel ? `${jobs} at a time (worker threads)` : 'one at a time'}, writing ${dir}\n`,
    );
    // Finished runs by cell index; written in cell order whatever order the jobs finish in.
    const finished = new Map<number, MethodRun>();
    const write = async (complete: boolean): Promise<ExperimentResults> => {
      const runs = cells.flatMap((c) => finished.get(c.index) ?? []);
      const summary = summarizeRuns(runs);
      const table = markdownTable(summary);
      const results: ExperimentResults = {
        experiment: 'semi',
        command: commandLine(options),
        settings: {
          labels: options.labels,
          seeds: options.seeds,
          epochs: few.epochs,
          cnnEpochs: few.cnnEpochs,
          fullLabelEpochs: full.epochs,
          fullLabelCnnEpochs: full.cnnEpochs,
          batchSize: options.batchSize,
          trainSamples: data.train.size,
          testData: data.testSource,
          testSamples: data.test.size,
        },
        hardware: {
          backend: backendName,
          cpus: cpus().length,
          jobs: parallel ? jobs : 1,
          cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
          node: process.version,
        },
        runs,
        summary,
        table,
        wallSeconds: (performance.now() - t0) / 1000,
        complete,
        outDir: dir,
      };
      await writeJsonAtomic(path.join(dir, EXPERIMENT_FILES.json), results);
      await writeFileAtomic(
        path.join(dir, EXPERIMENT_FILES.markdown),
        `# aecnn experiment semi\n\n\`${results.command}\`\n\n${table}\nTest accuracy in %, mean ± std over seeds, on ${data.test.size} test images (${data.testSource}); ${backendName}, ${formatDuration(results.wallSeconds)} wall time.\n`,
      );
      if (summary.length > 0) {
        const scene = accuracyPlot(summary);
        await writeFileAtomic(path.join(dir, EXPERIMENT_FILES.png), toPng(scene));
        await writeFileAtomic(path.join(dir, EXPERIMENT_FILES.svg), toSvg(scene));
      }
      return results;
    };
    await runCells(cells, ctx, {
      jobs: parallel ? jobs : 1,
      signal,
      data,
      onEpoch: (cell, progress) => {
        if (!progressDue(progress)) return;
        io.err(
          `  ${cell.labels} labels, seed ${cell.seed}, ${cell.method}: epoch ${progress.epoch}/${progress.epochs} (${formatDuration((performance.now() - t0) / 1000)} so far)\n`,
        );
      },
      onRun: async (cell, run) => {
        finished.set(cell.index, run);
        io.err(
          `[${finished.size}/${cells.length}] ${cell.labels} labels, seed ${cell.seed}, ${cell.method}: test accuracy ${(100 * run.accuracy).toFixed(2)}% (${formatDuration(run.trainSeconds)} training, ${formatDuration((performance.now() - t0) / 1000)} so far)\n`,
        );
        await write(false);
      },
    }).catch((e: unknown) => {
      throw signal.aborted && e instanceof Error ? new Error(`${e.message} in ${dir}`) : e;
    });
    const results = await write(true);
    io.out(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${results.table}\nwritten to ${dir}\n`);
    return results;
  });
}
