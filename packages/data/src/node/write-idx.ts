import { rename, unlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { checkKeys } from '@aecnn/layers';
import type { Dataset } from '../dataset';
import { encodeIdx, type IdxArray } from '../idx';

const gzipAsync = promisify(gzip);

/** Options of `writeIdx`. */
export interface WriteIdxOptions {
  /** Gzip the file; default: when the path ends in `.gz`. */
  readonly gzip?: boolean;
}

/** Writes bytes (or text) to a temporary name then renames, so a crash never leaves a half-written file under `path`. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw new Error(`${path}: cannot write (${(e as Error).message})`);
  }
}

/** Writes an unsigned-byte IDX file, gzipped when the name ends in `.gz` (or `gzip: true`). */
export async function writeIdx(path: string, array: IdxArray, options: WriteIdxOptions = {}): Promise<void> {
  const raw = encodeIdx(array);
  checkKeys(options, ['gzip'], 'writeIdx');
  const gz = options.gzip ?? path.endsWith('.gz');
  await writeFileAtomic(path, gz ? new Uint8Array(await gzipAsync(raw)) : raw);
}

/** Writes a data set as an IDX images file and (when it has labels) an IDX labels file. */
export async function writeIdxDataset(
  dataset: Dataset,
  paths: { readonly images: string; readonly labels?: string },
  options: WriteIdxOptions = {},
): Promise<void> {
  checkKeys(options, ['gzip'], 'writeIdxDataset');
  const idx = dataset.toIdx();
  await writeIdx(paths.images, idx.images, options);
  if (paths.labels !== undefined) {
    if (!idx.labels)
      throw new Error(`writeIdxDataset: ${dataset.name} has no labels to write to ${paths.labels}`);
    await writeIdx(paths.labels, idx.labels, options);
  }
}
