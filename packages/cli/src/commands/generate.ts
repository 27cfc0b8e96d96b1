import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { generate } from '@aecnn/models';
import { imageGrid, imageRows } from '@aecnn/viz';
import { writePng } from '@aecnn/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { disposeModel, loadModel } from '../model-files';
import { RUN_FILES } from '../run-folder';
import { readRunPrior } from '../vae-prior-file';
import type { GenerateOptions } from './options';

/** What `aecnn generate` wrote. */
export interface GenerateResult {
  readonly file: string;
  readonly images: number;
}

/** Images a grid row holds: a square grid for n = 64. */
const COLUMNS = 8;

/**
 * `aecnn generate --model RUN --n 64 --seed S --out F.png [--prior auto|mixture|normal]`: decodes `n` samples of a
 * trained VAE, z drawn from the run's latent mixture (prior.json) when it has one, else N(0, I), and writes them as a grid (rows of 8, the last one filled with blank cells) to a PNG file, through a
 * temporary name.
 */
export async function generateCommand(options: GenerateOptions, io: Io): Promise<GenerateResult> {
  const file = path.resolve(options.out);
  if (path.extname(file).toLowerCase() !== '.png') {
    throw new UsageError(`--out ${options.out}: expected a .png file name`);
  }
  // Decoding a few images is quick on cpu, and needs no wasm start-up.
  await useBackend('cpu');
  const model = await loadModel(path.resolve(options.model));
  try {
    const kind = options.prior ?? 'auto';
    const latentDim = model.modules.decoder?.inputShape[0];
    const mixture =
      kind !== 'normal' && latentDim !== undefined
        ? await readRunPrior(path.resolve(options.model), latentDim)
        : undefined;
    if (kind === 'mixture' && !mixture) {
      throw new UsageError(
        `--prior mixture: ${path.join(options.model, RUN_FILES.prior)} not found; it is written by 'aecnn train --model vae' (use --prior normal for N(0, I))`,
      );
    }
    const from = mixture ? `the latent mixture (${mixture.weights.length} components)` : 'the prior N(0, I)';
    const images = tf.tidy(() => {
      try {
        return generate(model, options.n, { seed: options.seed, ...(mixture ? { prior: mixture } : {}) });
      } catch (err) {
        throw new UsageError(
          `--model ${options.model}: ${(err as Error).message.replace(/^generate: /, '')}`,
        );
      }
    });
    try {
      const columns = Math.min(COLUMNS, options.n);
      writePng(
        file,
        imageGrid({
          rows: imageRows(images, columns),
          maxImages: columns,
          title: `${options.n} samples from ${from} (seed ${options.seed})`,
        }),
      );
    } finally {
      images.dispose();
    }
    io.err(`generated ${options.n} images from ${options.model}, z from ${from}\n`);
    io.out(`${file}\n`);
    return { file, images: options.n };
  } finally {
    disposeModel(model);
  }
}
