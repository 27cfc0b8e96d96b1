// Property-based fuzzing of every data reader: thousands of random mutations of a valid file (truncation, byte
// flips, inserted bytes, header fields changed). Each outcome is the reader's own DataFormatError naming the file,
// or a valid result of the right shape; never another exception, never a hang (each case is timed).
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { byteMutations } from '../../../../scripts/fuzz-mutations.mjs';
import { parseCsv } from '../csv';
import { DataFormatError } from '../errors';
import { maybeGunzip } from '../gzip';
import { encodeIdx, parseIdx } from '../idx';
import { encodePng } from '../png';
import { decodeImage } from './image-decode';
import { gunzipNode } from './io';

/** Cases per reader (the count tried is printed at the end). */
const RUNS = 1500;
/** Longest a single case may take. */
const CASE_MS = 2000;
const tried: Record<string, number> = {};
afterAll(() => console.log(`fuzz cases tried: ${JSON.stringify(tried)}`));

/** A mutation of `valid`: a byte mutation, or one of the header's first 16 bytes (magic, dims, sizes) changed. */
function mutation(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const header = fc.tuple(fc.nat({ max: 15 }), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
    const b = valid.slice();
    b[Math.min(i, valid.length - 1)] = v;
    return b;
  });
  return fc.oneof(byteMutations(fc, valid) as fc.Arbitrary<Uint8Array>, header);
}

/** Runs `read` on mutations of `valid`: it resolves with a valid result (checked by `valid`) or a DataFormatError on `file`. */
async function fuzz(
  label: string,
  valid: Uint8Array,
  file: string,
  read: (bytes: Uint8Array) => Promise<unknown> | unknown,
  check: (result: unknown) => void,
) {
  tried[label] = 0;
  await fc.assert(
    fc.asyncProperty(mutation(valid), async (bytes) => {
      tried[label]!++;
      const t0 = performance.now();
      try {
        check(await read(bytes));
      } catch (err) {
        if (!(err instanceof DataFormatError) || err.file !== file || !err.message.startsWith(`${file}: `))
          throw err;
      }
      expect(performance.now() - t0).toBeLessThan(CASE_MS);
    }),
    { numRuns: RUNS, seed: 42 },
  );
}

const idxImages = encodeIdx({
  shape: [6, 5, 4],
  data: Uint8Array.from({ length: 120 }, (_, i) => i),
});
const checkIdx = (r: unknown) => {
  const a = r as { shape: number[]; data: ArrayLike<number> };
  expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
};

describe('fuzz: data readers', { timeout: 120_000 }, () => {
  it('IDX, raw', async () => {
    await fuzz('idx', idxImages, 'x-idx3-ubyte', (b) => parseIdx(b, 'x-idx3-ubyte'), checkIdx);
  });

  it('IDX, gzipped', async () => {
    const name = 'x-idx3-ubyte.gz';
    await fuzz(
      'idx.gz',
      new Uint8Array(gzipSync(idxImages)),
      name,
      async (b) => parseIdx(await maybeGunzip(b, name, gunzipNode), name),
      checkIdx,
    );
  });

  it('CSV', async () => {
    const rows = ['label,p0,p1,p2,p3', '0,1,2,3,4', '1,255,0,9,8', '2,7,7,7,7', '1,0,0,0,0'];
    const valid = new TextEncoder().encode(`${rows.join('\n')}\n`);
    await fuzz(
      'csv',
      valid,
      'train.csv',
      (b) => parseCsv(b, { height: 2, width: 2, name: 'train.csv' }),
      (r) => {
        const ds = r as { size: number; imageShape: number[]; image(i: number): Uint8Array };
        expect(ds.imageShape).toEqual([2, 2, 1]);
        for (let i = 0; i < ds.size; i++) expect(ds.image(i).length).toBe(4);
      },
    );
  });

  it('PNG and JPEG images of an image folder', async () => {
    const img = { width: 6, height: 5, data: new Uint8Array(6 * 5 * 4) };
    for (let i = 0; i < 30; i++) img.data.set([i * 8, 255 - i * 8, 100, 255], 4 * i);
    const checkRgba = (r: unknown) => {
      const x = r as { width: number; height: number; data: Uint8Array };
      expect(x.data.length).toBe(x.width * x.height * 4);
    };
    await fuzz('png', encodePng(img), 'a/x.png', (b) => decodeImage('a/x.png', b), checkRgba);
    const jpg = jpeg.encode({ data: img.data, width: 6, height: 5 }, 90).data;
    await fuzz('jpeg', new Uint8Array(jpg), 'a/x.jpg', (b) => decodeImage('a/x.jpg', b), checkRgba);
  });
});
