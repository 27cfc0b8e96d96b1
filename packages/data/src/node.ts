// Node entry: everything of the main entry, plus paths, directories, PNG folders, file writing and zlib.
import { Buffer } from 'node:buffer';
import { type CsvOptions, loadCsvWith } from './csv';
import type { Dataset } from './dataset';
import { type LoadIdxOptions, loadIdxWith } from './load-idx';
import { type MnistOptions, type MnistSplit, mnistWith } from './mnist';
import { gunzipNode, nodeIO } from './node/io';
import type { Source } from './source';

export * from './index';
export { type ImageFolderOptions, loadImageFolder } from './node/image-folder';
export { gunzipNode, nodeIO } from './node/io';
export { type IdxDirSplits, type LoadIdxDirOptions, loadIdxDir } from './node/load-idx-dir';
export { streamIdx } from './node/stream-idx-file';
export { type WriteIdxOptions, writeFileAtomic, writeIdx, writeIdxDataset } from './node/write-idx';

/** `loadIdx` that also takes file paths (and file: URLs); gzip through zlib. */
export function loadIdx(options: LoadIdxOptions): Promise<Dataset> {
  return loadIdxWith(nodeIO, options);
}

/** `loadCsv` that also takes a file path; gzip through zlib. */
export function loadCsv(source: Source, options: CsvOptions = {}): Promise<Dataset> {
  return loadCsvWith(nodeIO, source, options);
}

/** `mnist` decoding the embedded digits with Buffer and zlib (faster in Node). */
export function mnist(options: MnistOptions = {}): Promise<MnistSplit> {
  return mnistWith(
    { gunzip: gunzipNode, fromBase64: (s) => new Uint8Array(Buffer.from(s, 'base64')) },
    options,
  );
}
