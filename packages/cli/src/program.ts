import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../package.json';
import { BENCH_MODELS } from './commands/bench';
import { addExperiment } from './commands/experiment-command';
import type { ExperimentOptions } from './commands/experiment-options';
import type {
  BenchOptions,
  EvalOptions,
  ExportOptions,
  ReportOptions,
  ResumeOptions,
} from './commands/options';
import { DATA_SPEC_FORMS, type DataSpec, parseDataSpec } from './data-spec';
import { USAGE_EXIT_CODE, UsageError } from './errors';
import type { Io } from './io';
import { parseInteger, parsePositive } from './parse-number';
import {
  BACKEND_NAMES,
  type CliBackend,
  checkTrainOptions,
  MODEL_NAMES,
  type ModelName,
  STRATEGIES,
  type Strategy,
  TRAIN_DEFAULTS,
  type TrainOptions,
} from './train-options';

/** The command functions the parser calls; tests swap them to check parsing alone. */
export interface Commands {
  train(options: TrainOptions, io: Io): Promise<unknown>;
  resume(options: ResumeOptions, io: Io): Promise<unknown>;
  eval(options: EvalOptions, io: Io): Promise<unknown>;
  report(options: ReportOptions, io: Io): Promise<unknown>;
  export(options: ExportOptions, io: Io): Promise<unknown>;
  /** `aecnn bench`; the command is left out when absent. */
  bench?(options: BenchOptions, io: Io): Promise<unknown>;
  /** `aecnn experiment`; the command is left out when absent. */
  experiment?(options: ExperimentOptions, io: Io): Promise<unknown>;
}

interface RawTrain {
  model: ModelName;
  data: DataSpec;
  testData?: DataSpec;
  labels?: number;
  strategy: Strategy;
  denoise: boolean;
  epochs: number;
  batchSize: number;
  lr: number;
  latent?: number;
  backend?: CliBackend;
  seed: number;
  out?: string;
  resume?: string;
  limit?: number;
  json: boolean;
}

const int = (min: number) => (text: string) => parseInteger(text, min);

// Options that --resume may be combined with; everything else comes from the run's saved settings.
const RESUME_COMPATIBLE = new Set(['resume', 'json', 'backend']);

function backendOption(): Option {
  return new Option(
    '--backend <name>',
    'compute backend (default: the fastest available, wasm in Node)',
  ).choices(BACKEND_NAMES);
}

function addTrain(program: Command, io: Io, commands: Commands): void {
  program
    .command('train')
    .description(
      'Train a model, evaluate it on held-out images and write a run folder (model, checkpoints, metrics, pictures, report.html).',
    )
    .addOption(
      new Option('--model <name>', 'model to train').choices(MODEL_NAMES).default(TRAIN_DEFAULTS.model),
    )
    .addOption(
      new Option('--data <source>', `training images: ${DATA_SPEC_FORMS}`)
        .argParser(parseDataSpec)
        .default({ kind: 'mnist' }, 'mnist (10,000 embedded digits, 8,000 train / 2,000 held out)'),
    )
    .addOption(
      new Option(
        '--test-data <source>',
        'evaluate on these images instead of the held-out split; idx:DIR reads its t10k-* files (.gz or not)',
      ).argParser(parseDataSpec),
    )
    .addOption(
      new Option('--labels <n>', 'semi-supervised: keep only n labels, balanced across classes').argParser(
        int(1),
      ),
    )
    .addOption(
      new Option(
        '--strategy <name>',
        'fusion training: joint, or pretrain the autoencoder then the classifier',
      )
        .choices(STRATEGIES)
        .default(TRAIN_DEFAULTS.strategy),
    )
    .option(
      '--denoise',
      'denoising: corrupt the inputs, reconstruct the clean images',
      TRAIN_DEFAULTS.denoise,
    )
    .addOption(
      new Option('--epochs <n>', 'passes over the training images')
        .argParser(int(1))
        .default(TRAIN_DEFAULTS.epochs),
    )
    .addOption(
      new Option('--batch-size <n>', 'images per step').argParser(int(1)).default(TRAIN_DEFAULTS.batchSize),
    )
    .addOption(
      new Option('--lr <rate>', 'Adam learning rate').argParser(parsePositive).default(TRAIN_DEFAULTS.lr),
    )
    .addOption(
      new Option(
        '--latent <n>',
        'latent size of autoencoder and fusion (default: the model default)',
      ).argParser(int(1)),
    )
    .addOption(backendOption())
    .addOption(
      new Option('--seed <n>', 'seed of weights, shuffling, labels and noise')
        .argParser(int(0))
        .default(TRAIN_DEFAULTS.seed),
    )
    .addOption(new Option('--out <dir>', 'run folder (default: runs/<model>-<time>)'))
    .addOption(
      new Option(
        '--resume <dir>',
        'continue a stopped run from its last checkpoint, with its saved settings',
      ),
    )
    .addOption(
      new Option('--limit <n>', 'train on at most n images (quick runs, tests, CI)').argParser(int(1)),
    )
    .option('--json', 'print only the JSON summary on stdout (logs go to stderr)', TRAIN_DEFAULTS.json)
    .addHelpText(
      'after',
      `
Examples:
  aecnn train                                   fusion on the embedded digits (about a minute on 2 cores)
  aecnn train --model cnn --labels 100          the supervised baseline with 100 labels
  aecnn train --labels 100 --test-data idx:mnist/ --json
                                                semi-supervised, tested on mnist/t10k-*-ubyte[.gz]
  aecnn train --resume runs/fusion-2026-01-01-120000
                                                continue a stopped run from its last checkpoint`,
    )
    .action(async (raw: RawTrain, cmd: Command) => {
      if (raw.resume !== undefined) {
        const clash = cmd.options
          .map((o) => o.attributeName())
          .filter((name) => !RESUME_COMPATIBLE.has(name) && cmd.getOptionValueSource(name) === 'cli');
        if (clash.length > 0) {
          const flags = clash.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
          throw new UsageError(
            `--resume continues a run with the settings saved in ${raw.resume}/run.json; drop ${flags.join(', ')} (only --json and --backend may be given with --resume).`,
          );
        }
        await commands.resume({ dir: raw.resume, backend: raw.backend, json: raw.json }, io);
        return;
      }
      const { resume: _resume, ...options } = raw;
      checkTrainOptions(options);
      await commands.train(options, io);
    });
}

function addEval(program: Command, io: Io, commands: Commands): void {
  program
    .command('eval')
    .description('Evaluate a trained run: accuracy, per-class accuracy, reconstruction MSE and PSNR.')
    .requiredOption('--model <dir>', 'run folder written by aecnn train (holds model.json and weights.bin)')
    .addOption(
      new Option(
        '--data <source>',
        `images to evaluate on: ${DATA_SPEC_FORMS} (default: the run's test images)`,
      ).argParser(parseDataSpec),
    )
    .addOption(new Option('--batch-size <n>', 'images per step').argParser(int(1)).default(256))
    .addOption(backendOption())
    .option('--json', 'print only the JSON result on stdout', false)
    .action(async (o: EvalOptions & { model: string }) => {
      await commands.eval({ ...o }, io);
    });
}

function addReport(program: Command, io: Io, commands: Commands): void {
  program
    .command('report')
    .description("(Re)write a run folder's report.html from its saved files.")
    .argument('<dir>', 'run folder written by aecnn train')
    .action(async (dir: string) => {
      await commands.report({ dir }, io);
    });
}

function addExport(program: Command, io: Io, commands: Commands): void {
  program
    .command('export')
    .description(
      'Export a trained run as a TF.js Layers model (model.json + weights.bin), loadable by tf.loadLayersModel and convertible to Keras.',
    )
    .requiredOption('--model <dir>', 'run folder written by aecnn train (holds model.json and weights.bin)')
    .addOption(new Option('--format <name>', 'output format').choices(['layers']).default('layers'))
    .requiredOption('--out <dir>', 'folder to write model.json and weights.bin to')
    .option(
      '--outputs <names>',
      'model outputs to export, in order, e.g. logits or reconstruction,logits (default: all)',
      (t: string) => t.split(',').map((s) => s.trim()),
    )
    .option('--softmax', 'end the logits output with a softmax (probabilities instead of logits)', false)
    .action(async (o: ExportOptions) => {
      await commands.export({ ...o }, io);
    });
}

/** Parses a comma-separated list whose items must all be in `allowed`. */
function listOf<T extends string>(allowed: readonly T[], what: string) {
  return (text: string): T[] => {
    const items = text.split(',').map((s) => s.trim());
    const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (items.length === 0 || bad.length > 0) {
      throw new InvalidArgumentError(
        `unknown ${what} ${bad.join(', ') || '(empty)'}; expected a comma-separated list of ${allowed.join(', ')}`,
      );
    }
    return items as T[];
  };
}

function addBench(program: Command, io: Io, bench: NonNullable<Commands['bench']>): void {
  program
    .command('bench')
    .description(
      'Measure training and inference images/s against @tensorflow/tfjs-layers in the same run (from the aecnn repository).',
    )
    .addOption(
      new Option('--backend <list>', 'backends to measure, comma-separated')
        .argParser(listOf(['wasm', 'cpu'] as const, 'backend'))
        .default(['wasm', 'cpu'], 'wasm,cpu'),
    )
    .addOption(
      new Option('--models <list>', `models to measure: ${BENCH_MODELS.join(', ')}`).argParser(
        listOf(BENCH_MODELS, 'model'),
      ),
    )
    .option('--quick', 'fewer and shorter timed windows', false)
    .option('--json', 'print only the JSON figures on stdout', false)
    .action(async (o: BenchOptions) => {
      await bench({ ...o }, io);
    });
}

/** Builds the commander program: parsing and help only; the work happens in `commands`. */
export function createProgram(io: Io, commands: Commands): Command {
  const program = new Command('aecnn')
    .description('Autoencoders, CNNs and their fusion on TensorFlow.js: train, evaluate and report.')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(add --help for the accepted commands and options)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  addTrain(program, io, commands);
  addEval(program, io, commands);
  addReport(program, io, commands);
  addExport(program, io, commands);
  if (commands.experiment) addExperiment(program, commands.experiment.bind(commands), io);
  if (commands.bench) addBench(program, io, commands.bench.bind(commands));
  return program;
}

/** Parses argv (without node and script), runs the command, and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io, commands: Commands): Promise<number> {
  const program = createProgram(io, commands);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version exit through here with code 0
      return err.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return USAGE_EXIT_CODE;
    }
    io.err(`aecnn: ${(err as Error).message ?? String(err)}\n`);
    if (process.env.AECNN_DEBUG) io.err(`${(err as Error).stack}\n`);
    return 1;
  }
}
