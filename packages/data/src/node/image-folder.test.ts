import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-utils';
import { loadImageFolder } from './image-folder';

/** Writes a w×h PNG whose pixels are all (r, g, b, a). */
function png(path: string, w: number, h: number, rgba: [number, number, number, number]) {
  const img = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) img.data.set(rgba, 4 * i);
  writeFileSync(path, PNG.sync.write(img));
}

function folder(): string {
  const dir = tempDir();
  for (const cls of ['2', '10', 'cat']) mkdirSync(join(dir, cls));
  png(join(dir, '2', 'a.png'), 3, 2, [255, 255, 255, 255]);
  png(join(dir, '2', 'b.png'), 3, 2, [0, 0, 0, 255]);
  png(join(dir, '10', 'a.png'), 3, 2, [255, 0, 0, 255]);
  png(join(dir, 'cat', 'x.png'), 3, 2, [0, 0, 255, 128]);
  writeFileSync(join(dir, 'cat', '.DS_Store'), 'junk');
  return dir;
}

describe('loadImageFolder', () => {
  it('labels by subfolder in natural order; gray with channels: 1', async () => {
    const ds = await loadImageFolder(folder(), { channels: 1 });
    expect(ds.classNames).toEqual(['2', '10', 'cat']);
    expect([ds.size, ds.height, ds.width, ds.channels]).toEqual([4, 2, 3, 1]);
    expect(Array.from(ds.labels())).toEqual([0, 0, 1, 2]);
    expect([ds.image(0)[0], ds.image(1)[0], ds.image(2)[0]]).toEqual([255, 0, 76]); // red luma 0.299 * 255
    expect(ds.image(3)[0]).toBe(Math.round(0.114 * 255 * (128 / 255))); // half-transparent blue over black
  });

  it('keeps RGB with channels: 3, and by default when any image has colour; gray images stay gray', async () => {
    const ds = await loadImageFolder(folder(), { channels: 3 });
    expect(Array.from(ds.image(2).subarray(0, 3))).toEqual([255, 0, 0]);
    expect((await loadImageFolder(folder())).channels).toBe(3);
    const gray = tempDir();
    for (const cls of ['a', 'b']) {
      mkdirSync(join(gray, cls));
      png(join(gray, cls, 'x.png'), 2, 2, [9, 9, 9, 255]);
    }
    const g = await loadImageFolder(gray);
    expect([g.channels, g.image(0)[0]]).toEqual([1, 9]);
  });

  it('names the file that differs in size, is not PNG, or is corrupt', async () => {
    const dir = folder();
    png(join(dir, '10', 'big.png'), 4, 4, [1, 1, 1, 255]);
    await expect(loadImageFolder(dir)).rejects.toThrow(
      `${join(dir, '10', 'big.png')}: is 4×4, but ${join(dir, '2', 'a.png')} is 3×2; all images must have one size`,
    );
    const dir2 = folder();
    writeFileSync(join(dir2, '2', 'c.jpg'), 'x');
    await expect(loadImageFolder(dir2)).rejects.toThrow(
      `${join(dir2, '2', 'c.jpg')}: only .png images are supported`,
    );
    const dir3 = folder();
    writeFileSync(join(dir3, '2', 'c.png'), 'not a png');
    await expect(loadImageFolder(dir3)).rejects.toThrow(`${join(dir3, '2', 'c.png')}: not a valid PNG`);
  });

  it('explains an empty folder', async () => {
    const dir = tempDir();
    await expect(loadImageFolder(dir)).rejects.toThrow(`${dir}: no class subfolders`);
    mkdirSync(join(dir, 'a'));
    await expect(loadImageFolder(dir)).rejects.toThrow(
      `${join(dir, 'a')}: the class folder 'a' holds no images; every class needs at least one`,
    );
    // one empty class among full ones is named too
    const dir2 = folder();
    mkdirSync(join(dir2, 'dog'));
    await expect(loadImageFolder(dir2)).rejects.toThrow(
      `${join(dir2, 'dog')}: the class folder 'dog' holds no images`,
    );
    await expect(loadImageFolder(dir, { channels: 2 as 1 })).rejects.toThrow(
      'channels must be 1 or 3, got 2',
    );
  });
});
