// Browser-safe entry: no Node modules. `@aecnn/data/node` adds file paths, directories, PNG folders and zlib.
import { type CsvOptions, loadCsvWith } from './csv';
import type { Dataset } from './dataset';
import { type LoadIdxOptions, loadIdxWith } from './load-idx';
import { type Source, webIO } from './source';

export { checkSeed, mixSeeds, permutation, seededRandom } from '@aecnn/layers';
export {
  affineResample,
  type RandomRotationOptions,
  type RandomShiftOptions,
  randomRotation,
  randomShift,
  rotationMap,
} from './augment/affine';
export { type AugmentSpec, augment, checkAugmentSpec } from './augment/augment';
export { type GaussianNoiseOptions, gaussianNoise } from './augment/gaussian-noise';
export { type RandomErasingOptions, randomErasing } from './augment/random-erasing';
export { type RandomMaskOptions, randomMask } from './augment/random-mask';
export { type SaltAndPepperOptions, saltAndPepper } from './augment/salt-and-pepper';
export { type Batch, type BatchOptions, disposeBatch } from './batch';
export { type CsvOptions, parseCsv } from './csv';
export { Dataset, type DatasetInit, type SplitOptions } from './dataset';
export { DataFormatError } from './errors';
export { type Gunzip, gunzipWeb, isGzip } from './gzip';
export {
  encodeIdx,
  type IdxArray,
  type IdxHeader,
  type IdxKind,
  idxMagic,
  parseIdx,
  parseIdxHeader,
} from './idx';
export { type IdxChunk, readIdxChunks, type StreamIdxOptions, streamIdx } from './idx-stream';
export type { LoadIdxOptions } from './load-idx';
export { MNIST_SIZE, type MnistOptions, type MnistSplit, mnist } from './mnist';
export { decodePng, encodePng, type Rgba } from './png';
export type { DataIO, NamedBytes, Source } from './source';

/**
 * Loads an IDX images file and optional labels file (raw or gzipped, sniffed from the bytes) from bytes or URLs,
 * checking magic, dimensions, sizes, counts and label range. In Node, `@aecnn/data/node` also takes paths.
 */
export function loadIdx(options: LoadIdxOptions): Promise<Dataset> {
  return loadIdxWith(webIO, options);
}

/** Loads Kaggle-layout CSV (`label,pixel0,...`, header optional, gzip sniffed) from bytes or a URL. */
export function loadCsv(source: Source, options: CsvOptions = {}): Promise<Dataset> {
  return loadCsvWith(webIO, source, options);
}
