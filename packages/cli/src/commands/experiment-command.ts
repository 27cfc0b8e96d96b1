import { Argument, type Command, Option } from 'commander';
import { DATA_SPEC_FORMS, type DataSpec, parseDataSpec } from '../data-spec';
import type { Io } from '../io';
import { parseInteger } from '../parse-number';
import { BACKEND_NAMES, type CliBackend } from '../train-options';
import {
  EXPERIMENT_DEFAULTS,
  EXPERIMENT_KINDS,
  type ExperimentKind,
  type ExperimentOptions,
  type LabelCount,
  parseLabelCounts,
} from './experiment-options';

interface RawExperiment {
  labels: LabelCount[];
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
      'Compare methods over label counts and seeds: semi = CNN alone vs autoencoder pretraining vs semi-supervised fusion; writes results.json, results.md and accuracy.png.',
    )
    .addArgument(new Argument('<kind>', 'which experiment').choices(EXPERIMENT_KINDS))
    .addOption(
      new Option('--labels <list>', "label counts, comma-separated numbers or 'all'")
        .argParser(parseLabelCounts)
        .default([...EXPERIMENT_DEFAULTS.labels], '100,1000,all'),
    )
    .addOption(
      new Option('--seeds <n>', 'seeds per label count (1..n)')
        .argParser(int(1))
        .default(EXPERIMENT_DEFAULTS.seeds),
    )
    .addOption(
      new Option(
        '--epochs <n>',
        `epochs of the fusion and pretrain methods in every row (default: ${EXPERIMENT_DEFAULTS.epochs}, ${EXPERIMENT_DEFAULTS.fullLabelEpochs} with all labels)`,
      ).argParser(int(2)),
    )
    .addOption(
      new Option('--cnn-epochs <n>', 'epochs of the CNN baseline (default: ceil(epochs / 5))').argParser(
        int(1),
      ),
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
    .addOption(new Option('--out <dir>', 'output folder (default: runs/experiment-semi-<time>)'))
    .option('--json', 'print only the JSON results on stdout (logs go to stderr)', EXPERIMENT_DEFAULTS.json)
    .addHelpText(
      'after',
      `
Examples:
  aecnn experiment semi                              100, 1000 and all labels x 3 seeds (about 40 min on 2 cores)
  aecnn experiment semi --labels 100 --seeds 1 --epochs 6 --json
  aecnn experiment semi --test-data idx:mnist/       tested on mnist/t10k-*-ubyte[.gz]`,
    )
    .action(async (kind: ExperimentKind, raw: RawExperiment) => {
      await run({ kind, ...raw }, io);
    });
}
