import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './idx';
import { loadIdx as loadIdxWeb } from './index';
import { loadIdx, writeIdx, writeIdxDataset } from './node';
import { serve, tempDir, tinyImages } from './test-utils';

const { images, labels } = tinyImages(10, 4, 3, 3);
const imagesIdx = { shape: [10, 4, 3], data: images };
const labelsIdx = { shape: [10], data: labels };

function expectTiny(ds: {
  size: number;
  imageShape: number[];
  numClasses: number;
  image(i: number): Uint8Array;
  labels(): Int32Array;
}) {
  expect(ds.size).toBe(10);
  expect(ds.imageShape).toEqual([4, 3, 1]);
  expect(ds.numClasses).toBe(3);
  expect(Array.from(ds.image(9))).toEqual(Array.from(images.subarray(9 * 12)));
  expect(Array.from(ds.labels())).toEqual(Array.from(labels));
}

describe('loadIdx round trips through writeIdx', () => {
  it.each(['', '.gz'])('from paths (%s)', async (ext) => {
    const dir = tempDir();
    await writeIdx(join(dir, `img${ext}`), imagesIdx);
    await writeIdx(join(dir, `lab${ext}`), labelsIdx);
    const raw = readFileSync(join(dir, `img${ext}`));
    expect(raw[0] === 0x1f && raw[1] === 0x8b).toBe(ext === '.gz');
    expectTiny(await loadIdx({ images: join(dir, `img${ext}`), labels: join(dir, `lab${ext}`) }));
    expectTiny(
      await loadIdx({ images: pathToFileURL(join(dir, `img${ext}`)), labels: join(dir, `lab${ext}`) }),
    );
  });

  it.each([false, true])('from bytes and ArrayBuffers in the browser-safe entry (gzip %s)', async (gz) => {
    const enc = (a: { shape: number[]; data: Uint8Array }) => {
      const raw = encodeIdx(a);
      return gz ? new Uint8Array(gzipSync(raw)) : raw;
    };
    const lab = enc(labelsIdx);
    expectTiny(
      await loadIdxWeb({
        images: enc(imagesIdx),
        labels: lab.slice().buffer as ArrayBuffer,
      }),
    );
  });

  it('from URLs (fetch), gzipped, in both entries; HTTP errors name the URL', async () => {
    const base = await serve({
      'img.gz': new Uint8Array(gzipSync(encodeIdx(imagesIdx))),
      lab: encodeIdx(labelsIdx),
    });
    expectTiny(await loadIdxWeb({ images: new URL('img.gz', base), labels: `${base}lab` }));
    expectTiny(await loadIdx({ images: `${base}img.gz`, labels: new URL('lab', base) }));
    await expect(loadIdxWeb({ images: `${base}missing` })).rejects.toThrow(
      `${base}missing: could not fetch (HTTP 404 Not Found)`,
    );
  });

  it('writes a Dataset back (writeIdxDataset), identical bytes', async () => {
    const dir = tempDir();
    const ds = await loadIdx({ images: encodeIdx(imagesIdx), labels: encodeIdx(labelsIdx) });
    await writeIdxDataset(ds, { images: join(dir, 'i.gz'), labels: join(dir, 'l') });
    expect(Array.from(readFileSync(join(dir, 'l')))).toEqual(Array.from(encodeIdx(labelsIdx)));
    expectTiny(await loadIdx({ images: join(dir, 'i.gz'), labels: join(dir, 'l') }));
  });

  it('loads images without labels as an unlabeled data set', async () => {
    const ds = await loadIdx({ images: encodeIdx(imagesIdx) });
    expect([ds.size, ds.hasLabels]).toEqual([10, false]);
  });
});

describe('loadIdx errors', () => {
  it('images and labels swapped', async () => {
    const dir = tempDir();
    await writeIdx(join(dir, 't10k-labels-idx1-ubyte.gz'), imagesIdx);
    await expect(
      loadIdx({ images: encodeIdx(imagesIdx), labels: join(dir, 't10k-labels-idx1-ubyte.gz') }),
    ).rejects.toThrow(
      `${join(dir, 't10k-labels-idx1-ubyte.gz')}: expected magic 2049, found 2051 (is this an image file?)`,
    );
  });

  it('names unnamed and named bytes', async () => {
    await expect(loadIdx({ images: encodeIdx(labelsIdx) })).rejects.toThrow(
      /^images: expected magic 2051 or 2052, found 2049/,
    );
    await expect(loadIdx({ images: { data: encodeIdx(labelsIdx), name: 'x.idx' } })).rejects.toThrow(
      /^x\.idx: expected magic/,
    );
  });

  it('count mismatch between images and labels', async () => {
    await expect(
      loadIdx({
        images: { data: encodeIdx(imagesIdx), name: 'i' },
        labels: { data: encodeIdx({ shape: [9], data: labels.subarray(0, 9) }), name: 'l' },
      }),
    ).rejects.toThrow('l: has 9 labels but i has 10 images');
  });

  it('label out of the declared range', async () => {
    const bad = labels.slice();
    bad[4] = 12;
    await expect(
      loadIdx({
        images: encodeIdx(imagesIdx),
        labels: { data: encodeIdx({ shape: [10], data: bad }), name: 'l' },
        numClasses: 10,
      }),
    ).rejects.toThrow('l: label 12 at index 4 is out of range [0, 10)');
  });

  it('truncated raw and gzipped files', async () => {
    const dir = tempDir();
    const raw = encodeIdx(imagesIdx);
    writeFileSync(join(dir, 'cut'), raw.subarray(0, raw.length - 5));
    await expect(loadIdx({ images: join(dir, 'cut') })).rejects.toThrow(
      `${join(dir, 'cut')}: truncated: the header promises 10 items [10×4×3] (136 bytes), the file has 131 bytes (9 whole items)`,
    );
    const gz = gzipSync(raw);
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 10));
    await expect(loadIdx({ images: join(dir, 'cut.gz') })).rejects.toThrow(
      `${join(dir, 'cut.gz')}: gzip data is corrupt or truncated (unexpected end of file)`,
    );
    await expect(
      loadIdxWeb({ images: { data: gz.subarray(0, gz.length - 10), name: 'web.gz' } }),
    ).rejects.toThrow(/^web\.gz: gzip data is corrupt or truncated/);
  });

  it('a path given to the browser-safe entry points to @aecnn/data/node', async () => {
    await expect(loadIdxWeb({ images: 'data/train-images-idx3-ubyte' })).rejects.toThrow(
      "data/train-images-idx3-ubyte: not a URL; to read files by path, import from '@aecnn/data/node'",
    );
  });

  it('missing file and missing options', async () => {
    await expect(loadIdx({ images: '/nonexistent/train-images-idx3-ubyte' })).rejects.toThrow(
      '/nonexistent/train-images-idx3-ubyte: no such file',
    );
    // @ts-expect-error checking the runtime message
    await expect(loadIdx({})).rejects.toThrow('loadIdx: expected { images, labels? }');
  });
});
