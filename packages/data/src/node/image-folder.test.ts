import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../png';
import { tempDir } from '../test-utils';
import { loadImageFolder } from './image-folder';

/** Writes a w×h PNG whose pixels are all (r, g, b, a). */
function png(path: string, w: number, h: number, rgba: [number, number, number, number]) {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set(rgba, 4 * i);
  writeFileSync(path, encodePng({ width: w, height: h, data }));
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
    writeFileSync(join(dir2, '2', 'c.gif'), 'x');
    await expect(loadImageFolder(dir2)).rejects.toThrow(
      `${join(dir2, '2', 'c.gif')}: only .png, .jpg and .jpeg images are supported`,
    );
    const dir4 = folder();
    writeFileSync(join(dir4, '2', 'c.jpg'), 'not a jpeg');
    await expect(loadImageFolder(dir4)).rejects.toThrow(`${join(dir4, '2', 'c.jpg')}: not a valid JPEG`);
    const dir3 = folder();
    writeFileSync(join(dir3, '2', 'c.png'), 'not a png');
    await expect(loadImageFolder(dir3)).rejects.toThrow(`${join(dir3, '2', 'c.png')}: not a valid PNG`);
  });

  it('reads JPEG beside PNG, and resizes every image with size (area when shrinking, bilinear when enlarging)', async () => {
    const dir = folder();
    const pixels = new Uint8Array(8 * 6 * 4);
    for (let i = 0; i < 8 * 6; i++) pixels.set([0, 200, 0, 255], 4 * i);
    writeFileSync(join(dir, '10', 'g.jpg'), jpeg.encode({ data: pixels, width: 8, height: 6 }, 95).data);
    await expect(loadImageFolder(dir)).rejects.toThrow(
      /is 8×6, but .* is 3×2; all images must have one size \(or resize them on load: size option, --size HxW/,
    );
    const ds = await loadImageFolder(dir, { size: { height: 4, width: 6 } });
    expect([ds.size, ds.height, ds.width, ds.channels]).toEqual([5, 4, 6, 3]);
    const green = ds.image(3); // 10/g.jpg, the second of class '10'
    expect(Math.abs(green[1]! - 200)).toBeLessThanOrEqual(3); // JPEG is lossy: within 3 levels
    expect(green[0]!).toBeLessThanOrEqual(3);
    const white = ds.image(0); // enlarged 3x2 → 6x4, a flat image stays flat
    expect(Array.from(white).every((v) => v === 255)).toBe(true);
    const half = await loadImageFolder(dir, { size: { height: 3, width: 4 }, channels: 1 });
    expect(half.image(3)[0]).toBeCloseTo(Math.round(0.587 * 200), -1); // 8x6 → 4x3 averages 2x2 blocks
    await expect(loadImageFolder(dir, { size: { height: 0, width: 4 } })).rejects.toThrow(
      'loadImageFolder: size must be { height, width } of whole numbers 1..4096, got {"height":0,"width":4}',
    );
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
