import { checkKeys } from '@aecnn/layers';
import { Dataset } from './dataset';
import { DataFormatError, fmt } from './errors';
import { maybeGunzip } from './gzip';
import { type IdxArray, parseIdx } from './idx';
import { inferClassCount, type LabelFile } from './labels';
import type { DataIO, Source } from './source';

/** Options of `loadIdx`. */
export interface LoadIdxOptions {
  /** The images file (IDX magic 2051 [n, h, w] or 2052 [n, h, w, c]), raw or gzipped. */
  readonly images: Source;
  /** The labels file (IDX magic 2049 [n]), raw or gzipped; absent for an unlabeled data set. */
  readonly labels?: Source;
  /** Number of classes; labels must lie in [0, numClasses). Default: largest label + 1. */
  readonly numClasses?: number;
}

/** Reads one IDX source (gunzipping if needed) and checks its magic. */
export async function readIdx(
  io: DataIO,
  source: Source,
  kind: 'images' | 'labels',
): Promise<{ array: IdxArray; name: string }> {
  const { bytes, name } = await io.read(source, kind);
  const raw = await maybeGunzip(bytes, name, io.gunzip);
  return { array: parseIdx(raw, name, kind), name };
}

/** The labels of an IDX file for `inferClassCount`, each placed by its index. */
export function idxLabelFile(labels: { array: IdxArray; name: string }): LabelFile {
  return { labels: labels.array.data, file: labels.name, at: (i) => `index ${i}` };
}

/** Checks an images/labels IDX pair and builds the data set; without `numClasses` the labels must be 0..K-1. */
export function idxToDataset(
  images: { array: IdxArray; name: string },
  labels: { array: IdxArray; name: string } | undefined,
  numClasses: number | undefined,
): Dataset {
  const [n, height, width, channels = 1] = images.array.shape as [number, number, number, number?];
  if (labels) {
    const m = labels.array.shape[0]!;
    if (m !== n) {
      throw new DataFormatError(labels.name, `has ${fmt(m)} labels but ${images.name} has ${fmt(n)} images`);
    }
    if (numClasses === undefined) numClasses = inferClassCount([idxLabelFile(labels)]);
    else {
      const data = labels.array.data;
      for (let i = 0; i < data.length; i++) {
        if (data[i]! >= numClasses) {
          throw new DataFormatError(
            labels.name,
            `label ${data[i]} at index ${i} is out of range [0, ${numClasses})`,
          );
        }
      }
    }
  }
  return Dataset.fromArrays({
    images: images.array.data,
    height,
    width,
    channels,
    ...(labels ? { labels: labels.array.data, numClasses } : {}),
    name: images.name,
  });
}

/** `loadIdx` over a given I/O (web or Node). */
export async function loadIdxWith(io: DataIO, options: LoadIdxOptions): Promise<Dataset> {
  checkKeys(options ?? {}, ['images', 'labels', 'numClasses'], 'loadIdx');
  if (!options || options.images === undefined) {
    throw new Error('loadIdx: expected { images, labels? } (files, URLs or bytes), got no images');
  }
  const [images, labels] = await Promise.all([
    readIdx(io, options.images, 'images'),
    options.labels === undefined ? undefined : readIdx(io, options.labels, 'labels'),
  ]);
  return idxToDataset(images, labels, options.numClasses);
}
