import { type Dataset, loadIdx } from '@aecnn/data';

/** The embedded digits as the page uses them: the same stratified 8,000 / 2,000 split as `mnist()` in Node. */
export interface Digits {
  train: Dataset;
  test: Dataset;
  /** Bytes fetched (gzipped IDX), to show what the page weighs. */
  bytes: number;
}

async function fetchNamed(url: URL): Promise<{ data: Uint8Array; name: string }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: could not fetch the embedded digits (HTTP ${res.status})`);
  return { data: new Uint8Array(await res.arrayBuffer()), name: url.pathname.split('/').pop()! };
}

/** Loads the gzipped IDX digits that the build put next to the page, and splits them (seeded, stratified). */
export async function loadDigits(base: string, seed = 0): Promise<Digits> {
  const at = (file: string) => new URL(`${base}digits/${file}`, location.href);
  const [images, labels] = await Promise.all([
    fetchNamed(at('mnist-10k-images-idx3-ubyte.gz')),
    fetchNamed(at('mnist-10k-labels-idx1-ubyte.gz')),
  ]);
  const all = await loadIdx({ images, labels, numClasses: 10 });
  // NOTE: the same call as @aecnn/data's mnist(), so "test" here is the same held-out 2,000 as in Node.
  const [train, test] = all.split(all.size - 2000, { seed, stratified: true });
  return { train, test, bytes: images.data.length + labels.data.length };
}

/** Ten digits, one per class: 10 x 784 pixels in [0, 1] and their labels. */
export interface FixedDigits {
  x: Float32Array;
  labels: number[];
}

/** The first test image of each class, scaled to [0, 1], shown with its reconstruction as training goes. */
export function fixedDigits(test: Dataset): FixedDigits {
  const labels = test.labels();
  const positions = Array.from({ length: 10 }, (_, c) => labels.indexOf(c));
  const x = new Float32Array(10 * 784);
  positions.forEach((p, k) => {
    const img = test.image(p);
    for (let i = 0; i < 784; i++) x[k * 784 + i] = img[i]! / 255;
  });
  return { x, labels: positions.map((p) => labels[p]!) };
}
