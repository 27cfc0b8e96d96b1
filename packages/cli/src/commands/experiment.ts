import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { bestBackend, useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import { toSvg } from '@aecnn/viz';
import { toPng } from '@aecnn/viz/node';
import { formatDataSpec } from '../data-spec';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { loadRunData } from '../load-data';
import { formatDuration } from '../progress';
import { writeFileAtomic, writeJsonAtomic } from '../run-folder';
import { runMethod } from './experiment-methods';
import type { ExperimentOptions, LabelCount } from './experiment-options';
import { accuracyPlot } from './experiment-plot';
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
    readonly epochs: number;
    readonly cnnEpochs: number;
    readonly batchSize: number;
    readonly trainSamples: number;
    readonly testData: string;
    readonly testSamples: number;
  };
  readonly hardware: {
    readonly backend: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
  };
  /** One entry per (method, label count, seed), in the order they ran. */
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
function commandLine(o: ExperimentOptions, cnnEpochs: number): string {
  const parts = [
    'aecnn experiment semi',
    `--labels ${o.labels.join(',')}`,
    `--seeds ${o.seeds}`,
    `--epochs ${o.epochs}`,
    ...(o.cnnEpochs !== undefined ? [`--cnn-epochs ${cnnEpochs}`] : []),
    ...(o.batchSize !== 64 ? [`--batch-size ${o.batchSize}`] : []),
    ...(o.testData ? [`--test-data ${formatDataSpec(o.testData)}`] : []),
    ...(o.limit !== undefined ? [`--limit ${o.limit}`] : []),
    ...(o.backend ? [`--backend ${o.backend}`] : []),
  ];
  return parts.join(' ');
}

function trainFor(train: Dataset, labels: LabelCount, seed: number): Dataset {
  if (labels === 'all') return train;
  if (labels > train.size) {
    throw new UsageError(`--labels ${labels}: only ${train.size} training images are available`);
  }
  return labels === train.size ? train : train.labeledUnlabeled({ labels, seed });
}

/**
 * `aecnn experiment semi`: for every label count and seed, trains the CNN alone on the labeled images, the
 * autoencoder-pretrained classifier and the semi-supervised fusion model, then writes results.json, results.md
 * (mean ± std table) and accuracy.png/svg into the output folder and prints the table (or the JSON).
 */
export async function experiment(options: ExperimentOptions, io: Io): Promise<ExperimentResults> {
  if (options.kind !== 'semi') throw new UsageError(`unknown experiment '${options.kind}'; expected semi`);
  if (options.labels.length === 0) throw new UsageError('--labels: expected at least one label count');
  const cnnEpochs = options.cnnEpochs ?? Math.ceil(options.epochs / 5);
  const dir = path.resolve(options.out ?? defaultDir());
  if (existsSync(path.join(dir, EXPERIMENT_FILES.json))) {
    throw new UsageError(`--out ${dir} already holds experiment results; pick another --out.`);
  }
  const t0 = performance.now();
  return withInterrupt(async (signal) => {
    const backend = options.backend ? await useBackend(options.backend) : await bestBackend();
    const data = await loadRunData({
      data: { kind: 'mnist' },
      ...(options.testData ? { testData: options.testData } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      seed: 0,
      note: (line) => io.err(`${line}\n`),
    });
    const cells = options.labels.length * options.seeds * SEMI_METHODS.length;
    io.err(
      `aecnn experiment semi on ${backend.name}: ${cells} trainings (${options.labels.join(', ')} labels x ${options.seeds} seeds x ${SEMI_METHODS.join(', ')}), writing ${dir}\n`,
    );
    const runs: MethodRun[] = [];
    const write = async (complete: boolean): Promise<ExperimentResults> => {
      const summary = summarizeRuns(runs);
      const table = markdownTable(summary);
      const results: ExperimentResults = {
        experiment: 'semi',
        command: commandLine(options, cnnEpochs),
        settings: {
          labels: options.labels,
          seeds: options.seeds,
          epochs: options.epochs,
          cnnEpochs,
          batchSize: options.batchSize,
          trainSamples: data.train.size,
          testData: data.testSource,
          testSamples: data.test.size,
        },
        hardware: {
          backend: backend.name,
          cpus: cpus().length,
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
        `# aecnn experiment semi\n\n\`${results.command}\`\n\n${table}\nTest accuracy in %, mean ± std over seeds, on ${data.test.size} test images (${data.testSource}); ${backend.name}, ${formatDuration(results.wallSeconds)} wall time.\n`,
      );
      if (summary.length > 0) {
        const scene = accuracyPlot(summary);
        await writeFileAtomic(path.join(dir, EXPERIMENT_FILES.png), toPng(scene));
        await writeFileAtomic(path.join(dir, EXPERIMENT_FILES.svg), toSvg(scene));
      }
      return results;
    };
    let done = 0;
    for (const labels of options.labels) {
      for (let seed = 1; seed <= options.seeds; seed++) {
        const train = trainFor(data.train, labels, seed);
        for (const method of SEMI_METHODS) {
          if (signal.aborted)
            throw new Error(`stopped after ${done} of ${cells} trainings; partial results in ${dir}`);
          const r = await runMethod(method, train, data.test, {
            epochs: options.epochs,
            cnnEpochs,
            batchSize: options.batchSize,
            seed,
            signal,
          });
          if (signal.aborted)
            throw new Error(`stopped after ${done} of ${cells} trainings; partial results in ${dir}`);
          runs.push({ method, labels, labeledCount: train.labeledCount, seed, ...r });
          done++;
          io.err(
            `[${done}/${cells}] ${labels} labels, seed ${seed}, ${method}: test accuracy ${(100 * r.accuracy).toFixed(2)}% (${formatDuration(r.trainSeconds)} training, ${formatDuration((performance.now() - t0) / 1000)} so far)\n`,
          );
          await write(false);
        }
      }
    }
    const results = await write(true);
    io.out(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${results.table}\nwritten to ${dir}\n`);
    return results;
  });
}
