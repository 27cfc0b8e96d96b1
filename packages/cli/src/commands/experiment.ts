import { toSvg } from '@aecnn/viz';
import { toPng } from '@aecnn/viz/node';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { formatDuration } from '../progress';
import { anomalyExperiment } from './experiment-anomaly';
import type { ExperimentCell } from './experiment-cells';
import {
  commonFlags,
  type ExperimentOptions,
  type LabelCount,
  rowEpochs,
  type SemiExperimentOptions,
} from './experiment-options';
import { accuracyPlot } from './experiment-plot';
import {
  dataSettings,
  type ExperimentHardware,
  type ExperimentPlan,
  RESULTS_JSON,
  runExperiment,
  runState,
} from './experiment-runner';
import {
  type MethodRun,
  type MethodStats,
  markdownTable,
  SEMI_METHODS,
  summarizeRuns,
} from './experiment-stats';

/** The files `aecnn experiment semi` writes into its folder. */
export const EXPERIMENT_FILES = Object.freeze({
  json: RESULTS_JSON,
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
  readonly hardware: ExperimentHardware;
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

/** The equivalent command line, for the results file. */
function commandLine(o: SemiExperimentOptions): string {
  const parts = [
    'aecnn experiment semi',
    `--labels ${o.labels.join(',')}`,
    `--seeds ${o.seeds}`,
    ...(o.epochs !== undefined ? [`--epochs ${o.epochs}`] : []),
    ...(o.cnnEpochs !== undefined ? [`--cnn-epochs ${o.cnnEpochs}`] : []),
    ...commonFlags(o),
  ];
  return parts.join(' ');
}

function semiPlan(options: SemiExperimentOptions): ExperimentPlan<ExperimentCell, ExperimentResults> {
  const few = rowEpochs(options, 1);
  const full = rowEpochs(options, 'all');
  return {
    kind: 'semi',
    options,
    cells: (data) => {
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
      return cells;
    },
    headline: (cells) =>
      `${cells.length} trainings (${options.labels.join(', ')} labels x ${options.seeds} seeds x ${SEMI_METHODS.join(', ')})`,
    outcome: (run) => `test accuracy ${(100 * run.accuracy).toFixed(2)}%`,
    results: (runs, ctx) => {
      const summary = summarizeRuns(runs);
      return {
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
          ...dataSettings(ctx.data),
        },
        hardware: ctx.hardware,
        runs,
        summary,
        table: markdownTable(summary),
        ...runState(ctx),
      };
    },
    files: (r): Record<string, string | Uint8Array> => {
      const md = `# aecnn experiment semi\n\n\`${r.command}\`\n\n${r.table}\nTest accuracy in %, mean ± std over seeds, on ${r.settings.testSamples} test images (${r.settings.testData}); ${r.hardware.backend}, ${formatDuration(r.wallSeconds)} wall time.\n`;
      if (r.summary.length === 0) return { [EXPERIMENT_FILES.markdown]: md };
      const scene = accuracyPlot(r.summary);
      return {
        [EXPERIMENT_FILES.markdown]: md,
        [EXPERIMENT_FILES.png]: toPng(scene),
        [EXPERIMENT_FILES.svg]: toSvg(scene),
      };
    },
  };
}

/**
 * `aecnn experiment <kind>`. semi: for every label count and seed, trains the CNN alone on the labeled images, the
 * autoencoder-pretrained classifier and the semi-supervised fusion model, then writes results.json, results.md
 * (mean ± std table) and accuracy.png/svg into the output folder and prints the table (or the JSON). anomaly: see
 * anomalyExperiment.
 */
export async function experiment(options: ExperimentOptions, io: Io): Promise<unknown> {
  if (options.kind === 'anomaly') return anomalyExperiment(options, io);
  if (options.kind !== 'semi') {
    throw new UsageError(
      `unknown experiment '${(options as { kind: string }).kind}'; expected semi or anomaly`,
    );
  }
  if (options.labels.length === 0) throw new UsageError('--labels: expected at least one label count');
  if (options.epochs !== undefined && options.epochs < 2) {
    throw new UsageError(
      `--epochs ${options.epochs}: semi needs at least 2 (the pretrain method trains the autoencoder, then the classifier)`,
    );
  }
  return runExperiment(semiPlan(options), io);
}
