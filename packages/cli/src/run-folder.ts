import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic as writeNewFile } from '@aecnn/data/node';
import { UsageError } from './errors';

/** The files of a run folder, by role. */
export const RUN_FILES = Object.freeze({
  /** Settings of the run, written first so that --resume can rebuild it. */
  settings: 'run.json',
  /** Per-epoch history, test metrics and the JSON summary. */
  metrics: 'metrics.json',
  /** What the report draws that cannot be recomputed cheaply: sample images, latent codes. */
  samples: 'samples.json',
  /** Model topology (tf.io model artifacts). */
  modelJson: 'model.json',
  /** Model weights. */
  weights: 'weights.bin',
  /** Training checkpoints (weights, optimizer, epoch, RNG). */
  checkpoint: 'checkpoint',
  report: 'report.html',
  reconstructions: 'reconstructions.png',
  curves: 'curves.png',
  confusion: 'confusion.png',
  latent: 'latent.png',
  /** A VAE's prior samples, interpolation and (latentDim 2) latent manifold. */
  generated: 'generated.png',
  interpolation: 'interpolation.png',
  manifold: 'manifold.png',
  /** A VAE's latent mixture prior, fitted to its training images' codes after training. */
  prior: 'prior.json',
});

/** The error for a new run whose --out already holds one. */
export function runExistsError(dir: string): Error {
  return new UsageError(
    `--out ${dir} already holds a run; continue it with --resume ${dir}, or pick another --out.`,
  );
}

/** Writes a file (creating its folder) through a temporary name and a rename, so a killed process never leaves half a file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeNewFile(file, data);
}

/** Writes JSON (two-space indent) atomically. */
export function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file of a run folder; the error names the file and says what to do. */
export async function readRunJson<T>(dir: string, name: string, what: string): Promise<T> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(
        `${file}: not found; ${dir} does not look like a run folder of 'aecnn train' (${what}).`,
      );
    }
    if (code === 'ENOTDIR')
      throw new Error(`${dir} is a file, or inside one; expected a run folder of 'aecnn train' (${what}).`);
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}).`);
  }
}

/** A default run folder name: runs/<model>-<UTC time>, sortable. */
export function defaultRunDir(model: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return path.join('runs', `${model}-${stamp}`);
}
