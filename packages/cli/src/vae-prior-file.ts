// A VAE run's latent mixture prior (prior.json): fitted after training, used by the report and `aecnn generate`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from '@aecnn/data';
import { type AecnnModel, checkMixture, chooseLatentMixture, type LatentMixture } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import type { Io } from './io';
import { RUN_FILES, readRunJson, writeJsonAtomic } from './run-folder';

/** What prior.json holds: the mixture, and how its component count was chosen. */
export interface PriorFile extends LatentMixture {
  readonly components: number;
  readonly byComponents: readonly { readonly components: number; readonly validationLogLikelihood: number }[];
  /** Training images the mixture was fitted on, and the ones that chose its size. */
  readonly fittedOn: number;
  readonly chosenOn: number;
}

// NOTE: 10,000 codes pin a 200-component diagonal mixture down well; more only slow EM (it is O(n K d) per step).
const MAX_IMAGES = 10_000;

/**
 * Fits the latent mixture of a trained VAE on (up to 10,000 of) its training images, the component count chosen on a
 * tenth of them held back, and writes it to the run folder's prior.json.
 */
export async function writeRunPrior(
  dir: string,
  model: AecnnModel,
  train: Dataset,
  seed: number,
  io: Io,
): Promise<PriorFile> {
  const pool = train.shuffle(seed).take(Math.min(train.size, MAX_IMAGES));
  const held = Math.max(1, Math.floor(pool.size / 10));
  const fit = pool.take(pool.size - held).gather(Array.from({ length: pool.size - held }, (_, i) => i));
  const val = pool.skip(pool.size - held).gather(Array.from({ length: held }, (_, i) => i));
  try {
    const chosen = await chooseLatentMixture(model, fit.x, val.x, { seed });
    const file: PriorFile = {
      ...chosen.mixture,
      components: chosen.components,
      byComponents: chosen.byComponents,
      fittedOn: pool.size - held,
      chosenOn: held,
    };
    await writeJsonAtomic(path.join(dir, RUN_FILES.prior), file);
    io.err(
      `latent mixture prior: ${file.components} components, chosen on ${held} held-back training images\n`,
    );
    return file;
  } finally {
    tf.dispose([fit.x, val.x, ...(fit.y ? [fit.y] : []), ...(val.y ? [val.y] : [])]);
  }
}

/** The run folder's latent mixture, checked against the model's latent size; undefined when the run has none. */
export async function readRunPrior(dir: string, latentDim: number): Promise<LatentMixture | undefined> {
  if (!existsSync(path.join(dir, RUN_FILES.prior))) return undefined;
  const value = await readRunJson<LatentMixture>(dir, RUN_FILES.prior, 'a VAE run writes prior.json');
  checkMixture(path.join(dir, RUN_FILES.prior), value, latentDim);
  const { weights, means, variances } = value;
  return { weights, means, variances };
}
