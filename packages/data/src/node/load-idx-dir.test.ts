import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tinyImages } from '../test-utils';
import { loadIdxDir } from './load-idx-dir';
import { writeIdx } from './write-idx';

async function writeSplit(dir: string, prefix: string, n: number, classes: number, gz: boolean, h = 4) {
  const { images, labels } = tinyImages(n, h, 3, classes);
  const ext = gz ? '.gz' : '';
  await writeIdx(join(dir, `${prefix}-images-idx3-ubyte${ext}`), { shape: [n, h, 3], data: images });
  await writeIdx(join(dir, `${prefix}-labels-idx1-ubyte${ext}`), { shape: [n], data: labels });
}

describe('loadIdxDir', () => {
  it('loads train (gzipped) and test (raw) with one class count for both', async () => {
    const dir = tempDir();
    await writeSplit(dir, 'train', 12, 4, true);
    await writeSplit(dir, 't10k', 5, 3, false);
    const { train, test } = await loadIdxDir(dir);
    expect([train!.size, test!.size]).toEqual([12, 5]);
    expect([train!.numClasses, test!.numClasses]).toEqual([4, 4]);
  });

  it('accepts a missing split and the dotted mirror names', async () => {
    const dir = tempDir();
    const { images, labels } = tinyImages(3);
    await writeIdx(join(dir, 't10k-images.idx3-ubyte'), { shape: [3, 4, 3], data: images });
    await writeIdx(join(dir, 't10k-labels.idx1-ubyte'), { shape: [3], data: labels });
    const splits = await loadIdxDir(dir);
    expect(splits.train).toBeUndefined();
    expect(splits.test!.size).toBe(3);
  });

  it('explains a missing partner, an empty directory and a size mismatch', async () => {
    const dir = tempDir();
    await writeSplit(dir, 'train', 4, 2, true);
    await writeIdx(join(dir, 't10k-images-idx3-ubyte'), { shape: [1, 4, 3], data: new Uint8Array(12) });
    await expect(loadIdxDir(dir)).rejects.toThrow(
      `${join(dir, 't10k-images-idx3-ubyte')}: found, but no matching t10k-labels-idx1-ubyte[.gz] next to it`,
    );
    await writeIdx(join(dir, 't10k-labels-idx1-ubyte'), { shape: [1], data: new Uint8Array(1) });
    await writeSplit(dir, 't10k', 2, 2, false, 5);
    await expect(loadIdxDir(dir)).rejects.toThrow(
      /t10k-images-idx3-ubyte: images are 5×3, but .*train-images-idx3-ubyte\.gz has 4×3/,
    );
    const empty = tempDir();
    writeFileSync(join(empty, 'README'), 'x');
    await expect(loadIdxDir(empty)).rejects.toThrow(
      `${empty}: no IDX files found; expected train-images-idx3-ubyte[.gz]`,
    );
    await expect(loadIdxDir(join(empty, 'nope'))).rejects.toThrow(
      `${join(empty, 'nope')}: no such directory`,
    );
  });

  it('refuses labels that skip classes across both splits, naming the file and label', async () => {
    const dir = tempDir();
    await writeSplit(dir, 'train', 12, 4, false);
    const { images } = tinyImages(2);
    await writeIdx(join(dir, 't10k-images-idx3-ubyte'), { shape: [2, 4, 3], data: images });
    await writeIdx(join(dir, 't10k-labels-idx1-ubyte'), { shape: [2], data: Uint8Array.from([1, 9]) });
    await expect(loadIdxDir(dir)).rejects.toThrow(
      `${join(dir, 't10k-labels-idx1-ubyte')}: index 1: label 9 makes 10 classes, but 5 of them (4 first) have no image`,
    );
    const { test } = await loadIdxDir(dir, { numClasses: 10 });
    expect(test!.numClasses).toBe(10);
  });

  it('checks labels against numClasses', async () => {
    const dir = tempDir();
    await writeSplit(dir, 'train', 12, 4, false);
    await expect(loadIdxDir(dir, { numClasses: 3 })).rejects.toThrow(
      `${join(dir, 'train-labels-idx1-ubyte')}: label 3 at index 3 is out of range [0, 3)`,
    );
  });
});
