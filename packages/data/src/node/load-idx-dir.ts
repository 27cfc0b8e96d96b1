import { join } from 'node:path';
import { checkKeys } from '@aecnn/layers';
import type { Dataset } from '../dataset';
import { DataFormatError } from '../errors';
import { inferClassCount } from '../labels';
import { idxLabelFile, idxToDataset, readIdx } from '../load-idx';
import { listDir, nodeIO } from './io';

/** The two splits of an IDX directory; a split whose files are absent is absent. */
export interface IdxDirSplits {
  readonly train?: Dataset;
  readonly test?: Dataset;
}

/** Options of `loadIdxDir`. */
export interface LoadIdxDirOptions {
  /** Number of classes; default: largest label of both splits + 1 (so both splits agree). */
  readonly numClasses?: number;
}

const SPLITS = { train: 'train', test: 't10k' } as const;

/** Finds `<prefix>-images-idx3-ubyte` (or `.idx3-ubyte`, as some mirrors spell it), optionally `.gz`. */
function find(files: readonly string[], prefix: string, what: 'images' | 'labels'): string | undefined {
  const nd = what === 'images' ? 3 : 1;
  const names = [`${prefix}-${what}-idx${nd}-ubyte`, `${prefix}-${what}.idx${nd}-ubyte`];
  return names.flatMap((n) => [n, `${n}.gz`]).find((n) => files.includes(n));
}

/**
 * Loads a directory with the standard MNIST names (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`,
 * `t10k-images-idx3-ubyte[.gz]`, `t10k-labels-idx1-ubyte[.gz]`) as `{train, test}`; either split may be absent.
 */
export async function loadIdxDir(dir: string, options: LoadIdxDirOptions = {}): Promise<IdxDirSplits> {
  checkKeys(options, ['numClasses'], 'loadIdxDir');
  const files = (await listDir(dir)).map((e) => e.name);
  const pairs = (Object.keys(SPLITS) as Array<keyof typeof SPLITS>).map((split) => {
    const images = find(files, SPLITS[split], 'images');
    const labels = find(files, SPLITS[split], 'labels');
    if ((images === undefined) !== (labels === undefined)) {
      const [has, lacks] = images ? [images, 'labels-idx1-ubyte'] : [labels!, 'images-idx3-ubyte'];
      throw new DataFormatError(
        join(dir, has),
        `found, but no matching ${SPLITS[split]}-${lacks}[.gz] next to it`,
      );
    }
    return { split, images, labels };
  });
  if (pairs.every((p) => p.images === undefined)) {
    throw new Error(
      `${dir}: no IDX files found; expected train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz] and/or t10k-images-idx3-ubyte[.gz] + t10k-labels-idx1-ubyte[.gz], found ${files.length ? files.join(', ') : 'an empty directory'}`,
    );
  }
  const loaded = await Promise.all(
    pairs
      .filter((p) => p.images !== undefined)
      .map(async (p) => ({
        split: p.split,
        images: await readIdx(nodeIO, join(dir, p.images!), 'images'),
        labels: await readIdx(nodeIO, join(dir, p.labels!), 'labels'),
      })),
  );
  const [first, second] = loaded;
  if (
    first &&
    second &&
    first.images.array.shape.slice(1).join('×') !== second.images.array.shape.slice(1).join('×')
  ) {
    throw new DataFormatError(
      second.images.name,
      `images are ${second.images.array.shape.slice(1).join('×')}, but ${first.images.name} has ${first.images.array.shape.slice(1).join('×')}`,
    );
  }
  const numClasses = options.numClasses ?? inferClassCount(loaded.map((l) => idxLabelFile(l.labels)));
  const out: { train?: Dataset; test?: Dataset } = {};
  for (const l of loaded) out[l.split] = idxToDataset(l.images, l.labels, numClasses);
  return out;
}
