import { Argument, type Command, Option } from 'commander';
import { DATA_SPEC_FORMS, type DataSpec, parseDataSpec } from '../data-spec';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { parseInteger } from '../parse-number';
import { BACKEND_NAMES, type CliBackend } from '../train-options';
import { ANOMALY_EPOCHS, ANOMALY_METHODS, type AnomalyMethod } from './experiment-anomaly-cells';
import {
  EXPERIMENT_DEFAULTS,
  EXPERIMENT_KINDS,
  type ExperimentKind,
  type ExperimentOptions,
  type LabelCount,
  parseDigits,
  parseLabelCounts,
} from './experiment-options';

interface RawExperiment {
  labels: LabelCount[];
  digits?: number[];
  method: AnomalyMethod;
  seeds: number;
  epochs?: number;
  cnnEpochs?: number;
  batchSize: number;
  testData?: DataSpec;
  limit?: number;
  backend?: CliBackend;
  jobs?: number;
  out?: string;
  json: boolean;
}

const int = (min: number) => (text: string) => parseInteger(text, min);

/** Adds `aecnn experiment <kind>` (parsing and help) to the program; `run` does the work. */
export function addExperiment(
  program: Command,
  run: (options: ExperimentOptions, io: Io) => Promise<unknown>,
  io: Io,
): void {
  program
    .command('experiment')
    .description(
      'Run an experiment over seeds: semi = CNN alone vs autoencoder pretraining vs semi-supervised fusion over label counts (writes results.json, results.md, accuracy.png); anomaly = one-class anomaly detection, an autoencoder per normal digit, ROC AUC per digit (writes results.json, results.md).',
    )
    .addArgument(new Argument('<kind>', 'which experiment').choices(EXPERIMENT_KINDS))
    .addOption(
      new Option('--labels <list>', "semi: label counts, comma-separated numbers or 'all'")
        .argParser(parseLabelCounts)
        .default([...EXPERIMENT_DEFAULTS.labels], '100,1000,all'),
    )
    .addOption(
      new Option(
        '--digits <list>',
        'anomaly: the normal digits to run, comma-separated (default: every class)',
      ).argParser(parseDigits),
    )
    .addOption(
      new Option(
        '--method <name>',
        'anomaly: the detector, the conv autoencoder scored by MSE or the VAE scored by negative ELBO',
      )
        .choices(ANOMALY_METHODS)
        .default('ae'),
    )
    .addOption(
      new Option('--seeds <n>', 'seeds per row (1..n)').argParser(int(1)).default(EXPERIMENT_DEFAULTS.seeds),
    )
    .addOption(
      new Option(
        '--epochs <n>',
        `epochs of each training; semi: of the fusion and pretrain methods in every row (default: ${EXPERIMENT_DEFAULTS.epochs}, ${EXPERIMENT_DEFAULTS.fullLabelEpochs} with all labels); anomaly: of each detector (default: ${ANOMALY_EPOCHS.ae} for ae, ${ANOMALY_EPOCHS.vae} for vae)`,
      ).argParser(int(1)),
    )
    .addOption(
      new Option(
        '--cnn-epochs <n>',
        'semi: epochs of the CNN baseline (default: ceil(epochs / 5))',
      ).argParser(int(1)),
    )
    .addOption(
      new Option('--batch-size <n>', 'images per step')
        .argParser(int(1))
        .default(EXPERIMENT_DEFAULTS.batchSize),
    )
    .addOption(
      new Option(
        '--test-data <source>',
        `evaluate on these images instead of the 2,000 held-out digits: ${DATA_SPEC_FORMS}`,
      ).argParser(parseDataSpec),
    )
    .addOption(new Option('--limit <n>', 'train on at most n images (quick runs, tests)').argParser(int(1)))
    .addOption(
      new Option('--backend <name>', 'compute backend (default: the fastest available)').choices(
        BACKEND_NAMES,
      ),
    )
    .addOption(
      new Option(
        '--jobs <n>',
        'trainings at once, one worker thread each (default: the available cores); the results do not depend on it',
      ).argParser(int(1)),
    )
    .addOption(new Option('--out <dir>', 'output folder (default: runs/experiment-<kind>-<time>)'))
    .option('--json', 'print only the JSON results on stdout (logs go to stderr)', EXPERIMENT_DEFAULTS.json)
    .addHelpText(
      'after',
      `
Examples:
  aecnn experiment semi                              100, 1000 and all labels x 3 seeds (about 40 min on 2 cores)
  aecnn experiment semi --labels 100 --seeds 1 --epochs 6 --json
  aecnn experiment semi --test-data idx:mnist/       tested on mnist/t10k-*-ubyte[.gz]
  aecnn experiment anomaly                           digits 0-9 x 3 seeds (about 10 min on 2 cores)
  aecnn experiment anomaly --digits 0,3 --seeds 1 --json
  aecnn experiment anomaly --method vae              the VAE, scored by negative ELBO`,
    )
    .action(async (kind: ExperimentKind, raw: RawExperiment, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
      // Options of the other experiment are mistakes, not silently ignored.
      const foreign = kind === 'anomaly' ? ['labels', 'cnnEpochs'] : ['digits', 'method'];
      const wrong = foreign.find(given);
      if (wrong !== undefined) {
        const flag = `--${wrong.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new UsageError(
          `${flag} is an option of 'aecnn experiment ${kind === 'anomaly' ? 'semi' : 'anomaly'}', not of '${kind}'.`,
        );
      }
      const { labels, digits, method, cnnEpochs, ...common } = raw;
      await run(
        kind === 'anomaly'
          ? { kind, ...common, method, ...(digits ? { digits } : {}) }
          : { kind, ...common, labels, ...(cnnEpochs !== undefined ? { cnnEpochs } : {}) },
        io,
      );
    });
}
