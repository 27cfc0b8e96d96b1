import { UsageError } from '../errors';
import type { Io } from '../io';
import type { RunData } from '../load-data';
import { formatDuration } from '../progress';
import {
  ANOMALY_EPOCHS,
  ANOMALY_LR,
  ANOMALY_MODEL,
  ANOMALY_VAE,
  ANOMALY_VAE_LR,
  type AnomalyCell,
  type AnomalyMethod,
  type AnomalyRun,
} from './experiment-anomaly-cells';
import { type AnomalySummary, anomalyTable, summarizeAnomaly } from './experiment-anomaly-stats';
import { type AnomalyExperimentOptions, commonFlags } from './experiment-options';
import { dataSettings, type ExperimentHardware, runExperiment, runState } from './experiment-runner';

/** What `aecnn experiment anomaly` returns and writes to results.json (and prints with --json). */
export interface AnomalyResults {
  readonly experiment: 'anomaly';
  readonly command: string;
  readonly settings: {
    readonly digits: readonly number[];
    readonly method: AnomalyMethod;
    readonly seeds: number;
    readonly epochs: number;
    readonly batchSize: number;
    /** The detector (`autoencoder` or `vae` options of @aecnn/models) and its training. */
    readonly model: typeof ANOMALY_MODEL | typeof ANOMALY_VAE;
    readonly learningRate: number;
    /** What the training minimises: MSE, or the VAE's summed Bernoulli likelihood plus KL (its negative ELBO). */
    readonly loss: 'mse' | 'bceSum+kl';
    /** The per-image anomaly score (`anomalyScores` of @aecnn/train). */
    readonly score: 'mse' | 'elbo';
    readonly trainSamples: number;
    readonly testData: string;
    readonly testSamples: number;
  };
  readonly hardware: ExperimentHardware;
  /** One entry per finished (digit, seed), in that order whatever the jobs. */
  readonly runs: readonly AnomalyRun[];
  readonly summary: AnomalySummary;
  /** The table of results.md. */
  readonly table: string;
  readonly wallSeconds: number;
  /** False while the experiment is still running (results.json is rewritten after every run). */
  readonly complete: boolean;
  readonly outDir: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The settings results.json records for each method. */
const METHOD_SETTINGS = {
  ae: { model: ANOMALY_MODEL, learningRate: ANOMALY_LR, loss: 'mse', score: 'mse' },
  vae: { model: ANOMALY_VAE, learningRate: ANOMALY_VAE_LR, loss: 'bceSum+kl', score: 'elbo' },
} as const;

/** How results.md describes each method. */
const METHOD_TEXT: Record<AnomalyMethod, string> = {
  ae: "a conv autoencoder trained on one digit's training images, every test image scored by its reconstruction MSE",
  vae: "a VAE trained on one digit's training images, every test image scored by its negative ELBO",
};

/** The file `aecnn experiment anomaly` writes besides results.json. */
export const ANOMALY_MARKDOWN = 'results.md';

function commandLine(o: AnomalyExperimentOptions): string {
  return [
    'aecnn experiment anomaly',
    ...(o.digits ? [`--digits ${o.digits.join(',')}`] : []),
    ...(o.method === 'vae' ? ['--method vae'] : []),
    `--seeds ${o.seeds}`,
    ...(o.epochs !== undefined ? [`--epochs ${o.epochs}`] : []),
    ...commonFlags(o),
  ].join(' ');
}

// The digits to run: --digits, else every class; each must have training images (normal) and test images of
// both kinds, or the ROC is undefined.
function digitsOf(o: AnomalyExperimentOptions, data: RunData): number[] {
  const classes = data.train.numClasses;
  const digits = o.digits ? [...o.digits] : Array.from({ length: classes }, (_, i) => i);
  const trainCounts = data.train.classCounts();
  const testCounts = data.test.classCounts();
  for (const d of digits) {
    if (d >= classes) {
      throw new UsageError(`--digits ${d}: the data has ${classes} classes (0..${classes - 1})`);
    }
    if (!(trainCounts[d]! > 0)) {
      throw new UsageError(
        `digit ${d}: none of the ${data.train.size} training images is a ${d}, so there is no normal class to learn; pick others with --digits`,
      );
    }
    if (!(testCounts[d]! > 0) || testCounts[d] === data.test.size) {
      throw new UsageError(
        `--digits ${d}: the ${data.test.size} test images (${data.testSource}) need both digit ${d} (normal, ${testCounts[d] ?? 0} images) and other digits (anomalous) for a ROC`,
      );
    }
  }
  return digits;
}

/**
 * `aecnn experiment anomaly`, the one-class protocol: for each digit d and seed, trains the detector (the conv
 * autoencoder by MSE, or with --method vae the VAE by its ELBO) on the training images of d only, scores every test
 * image the same way (d normal, every other digit anomalous), and reports the ROC AUC and average precision per digit and their mean over digits.
 */
export async function anomalyExperiment(options: AnomalyExperimentOptions, io: Io): Promise<AnomalyResults> {
  const method = options.method ?? 'ae';
  const epochs = options.epochs ?? ANOMALY_EPOCHS[method];
  let digits: number[] = [];
  return runExperiment<AnomalyCell, AnomalyResults>(
    {
      kind: 'anomaly',
      options,
      cells: (data) => {
        digits = digitsOf(options, data);
        const cells: AnomalyCell[] = [];
        for (const digit of digits) {
          for (let seed = 1; seed <= options.seeds; seed++) {
            cells.push({ experiment: 'anomaly', index: cells.length, method, digit, seed, epochs });
          }
        }
        return cells;
      },
      headline: (cells) =>
        `${cells.length} trainings (digits ${digits.join(', ')} x ${plural(options.seeds, 'seed')}, ${plural(epochs, 'epoch')} each)`,
      outcome: (run) =>
        `ROC AUC ${run.rocAuc.toFixed(4)}, average precision ${run.averagePrecision.toFixed(4)}`,
      results: (runs, ctx) => {
        const summary = summarizeAnomaly(runs, digits);
        return {
          experiment: 'anomaly',
          command: commandLine(options),
          settings: {
            digits,
            method,
            seeds: options.seeds,
            epochs,
            batchSize: options.batchSize,
            ...METHOD_SETTINGS[method],
            ...dataSettings(ctx.data),
          },
          hardware: ctx.hardware,
          runs,
          summary,
          table: anomalyTable(summary),
          ...runState(ctx),
        };
      },
      files: (r) => ({
        [ANOMALY_MARKDOWN]: `# aecnn experiment anomaly\n\n\`${r.command}\`\n\n${r.table}\nOne-class protocol: ${METHOD_TEXT[r.settings.method]} (that digit normal, the others anomalous); ROC AUC mean ± std over seeds, on ${r.settings.testSamples} test images (${r.settings.testData}); ${r.hardware.backend}, ${formatDuration(r.wallSeconds)} wall time.\n`,
      }),
    },
    io,
  );
}
