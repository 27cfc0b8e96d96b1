import { ONNX_OPSETS } from '@aecnn/interop';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../package.json';
import { BENCH_MODELS } from './commands/bench';
import { addExperiment } from './commands/experiment-command';
import type { BenchOptions, Commands, EvalOptions, ExportOptions, GenerateOptions } from './commands/options';
import { addTrain } from './commands/train-command';
import { backendOption, int } from './common-options';
import { DATA_SPEC_FORMS, parseDataSpec } from './data-spec';
import { USAGE_EXIT_CODE, UsageError } from './errors';
import type { Io } from './io';

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
      'Export a trained run as a TF.js Layers model (model.json + weights.bin: tf.loadLayersModel, Keras) or as ONNX (model.onnx: onnxruntime).',
    )
    .requiredOption('--model <dir>', 'run folder written by aecnn train (holds model.json and weights.bin)')
    .addOption(
      new Option('--format <name>', 'layers (TF.js Layers / Keras) or onnx')
        .choices(['layers', 'onnx'])
        .default('layers'),
    )
    .requiredOption('--out <dir>', 'folder to write the model to (model.json + weights.bin, or model.onnx)')
    .addOption(
      new Option(
        '--opset <n>',
        `ONNX opset, ${ONNX_OPSETS.min}-${ONNX_OPSETS.max} (onnx only; default ${ONNX_OPSETS.default})`,
      ).argParser(int(ONNX_OPSETS.min, ONNX_OPSETS.max)),
    )
    .option('--force', 'overwrite a folder that already holds a run or an exported model', false)
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

function addGenerate(program: Command, io: Io, generate: NonNullable<Commands['generate']>): void {
  program
    .command('generate')
    .description(
      "Sample images from a trained VAE's prior (aecnn train --model vae) and write them as a PNG grid.",
    )
    .requiredOption('--model <dir>', 'run folder of a vae run (holds model.json and weights.bin)')
    .addOption(new Option('--n <count>', 'images to generate').argParser(int(1)).default(64))
    .addOption(new Option('--seed <n>', 'seed of the prior samples').argParser(int(0)).default(1))
    .requiredOption('--out <file>', 'PNG file to write')
    .addOption(
      new Option(
        '--prior <kind>',
        "z from the run's latent mixture (prior.json), N(0, I), or auto: the mixture if present",
      )
        .choices(['auto', 'mixture', 'normal'])
        .default('auto'),
    )
    .action(async (o: GenerateOptions) => {
      await generate({ ...o }, io);
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
  if (commands.generate) addGenerate(program, io, commands.generate.bind(commands));
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
