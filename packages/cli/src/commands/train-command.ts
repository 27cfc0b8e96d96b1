import { checkLearningRate } from '@aecnn/train';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { backendOption, int } from '../common-options';
import { DATA_SPEC_FORMS, parseDataSpec } from '../data-spec';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { formatNoiseSpec, NOISE_SPEC_FORMS, parseNoiseSpec } from '../noise-spec';
import { parseNonNegative, parseSize } from '../parse-number';
import {
  checkTrainOptions,
  MODEL_NAMES,
  STRATEGIES,
  TRAIN_DEFAULTS,
  type TrainOptions,
  UNET_NOISE,
} from '../train-options';
import type { Commands } from './options';

/** What commander hands the action: the train options plus `--resume`. */
type RawTrain = TrainOptions & { readonly resume?: string };

/** Parses `--lr` with fit's own learning-rate check, so the flag fails at parse time with the flag's name. */
function parseLearningRate(text: string): number {
  try {
    return checkLearningRate(text.trim() === '' ? Number.NaN : Number(text));
  } catch {
    throw new InvalidArgumentError(`expected a number > 0 such as 0.001, got '${text}'.`);
  }
}

// Options that --resume may be combined with; everything else comes from the run's saved settings.
const RESUME_COMPATIBLE = new Set(['resume', 'json', 'backend']);

/** Adds `aecnn train` (and `train --resume`) to the program. */
export function addTrain(program: Command, io: Io, commands: Pick<Commands, 'train' | 'resume'>): void {
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
      new Option(
        '--noise <spec>',
        `denoising with this corruption: ${NOISE_SPEC_FORMS} (unet default: ${UNET_NOISE})`,
      ).argParser((text: string) => formatNoiseSpec(parseNoiseSpec(text))),
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
      new Option('--lr <rate>', 'Adam learning rate').argParser(parseLearningRate).default(TRAIN_DEFAULTS.lr),
    )
    .addOption(
      new Option(
        '--latent <n>',
        'latent size of autoencoder, fusion and vae (default: the model default)',
      ).argParser(int(1)),
    )
    .addOption(new Option('--beta <b>', 'vae: weight of the KL term (default 1)').argParser(parseNonNegative))
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
    .addOption(
      new Option(
        '--classes <n>',
        'number of classes, labels 0..n-1 (default: from the labels, which must then be 0..K-1 with every class present)',
      ).argParser(int(2)),
    )
    .addOption(
      new Option('--channels <n>', "image folders: 1 (gray) or 3 (colour); default: the images' own colour")
        .choices(['1', '3'])
        .argParser((t) => Number(t) as 1 | 3),
    )
    .addOption(
      new Option('--size <HxW>', 'image folders: resize every image on load, e.g. 32x32').argParser(
        parseSize,
      ),
    )
    .option('--json', 'print only the JSON summary on stdout (logs go to stderr)', TRAIN_DEFAULTS.json)
    .addHelpText(
      'after',
      `
Examples:
  aecnn train                                   fusion on the embedded digits (about a minute on 2 cores)
  aecnn train --model cnn --labels 100          the supervised baseline with 100 labels
  aecnn train --model unet --noise gaussian:0.5 a U-Net denoiser (skip connections) for strong noise
  aecnn train --model vae --latent 2            a variational autoencoder; then aecnn generate --model RUN
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
