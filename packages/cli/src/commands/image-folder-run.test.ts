// End to end on a folder of colour PNGs, one subfolder per class: `aecnn train --data images:DIR` keeps the colour
// and says so, `aecnn eval` names the classes, and an empty class folder is an error before any run folder exists.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '@aecnn/data';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import { evalCommand } from './eval';
import { readJson, runsFixture } from './test-runs';
import { train } from './train';

const { tmp: TMP, options } = runsFixture('aecnn-images-', 20);

/** Writes `n` 28x28 PNGs per class: reddish squares for 'cat', bluish rings for 'dog'. */
function writeFolder(dir: string, n: number): void {
  for (const [c, cls] of ['cat', 'dog'].entries()) {
    mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < n; i++) {
      const rgba = new Uint8ClampedArray(28 * 28 * 4);
      for (let p = 0; p < 28 * 28; p++) {
        const [y, x] = [Math.floor(p / 28), p % 28];
        const r = Math.hypot(y - 14, x - 14);
        const on =
          c === 0 ? Math.abs(y - 14) < 6 + (i % 3) && Math.abs(x - 14) < 6 : r > 7 && r < 11 + (i % 3);
        rgba.set(on ? (c === 0 ? [220, 40, 30, 255] : [30, 60, 230, 255]) : [0, 0, 0, 255], 4 * p);
      }
      writeFileSync(path.join(dir, cls, `${i}.png`), encodePng({ width: 28, height: 28, data: rgba }));
    }
  }
}

describe('aecnn train --data images:DIR', () => {
  it('keeps the colour of colour images, says so, and eval lists accuracy by class name', async () => {
    const dir = path.join(TMP, 'pets-images');
    writeFolder(dir, 20);
    const io = bufferIo();
    const s = await train(
      options('pets', { model: 'cnn', data: { kind: 'images', path: dir }, testData: undefined, epochs: 2 }),
      io,
    );
    expect(io.stderr).toContain(
      `${dir}: 40 colour (3 channels, as some images are not gray) images of 28×28`,
    );
    const model = readJson<{ modelTopology: unknown }>(s.outDir, 'model.json');
    expect(JSON.stringify(model)).toContain('[28,28,3]');
    const e = bufferIo();
    const r = await evalCommand({ model: s.outDir, batchSize: 64, json: false }, e);
    expect(r.classNames).toEqual(['cat', 'dog']);
    expect(e.stdout).toMatch(/per class: cat \d+\.\d% {2}dog \d+\.\d%/);
  }, 120_000);

  it('an empty class folder is an error naming it, before any run folder is made', async () => {
    const dir = path.join(TMP, 'with-empty-images');
    writeFolder(dir, 2);
    mkdirSync(path.join(dir, 'bird'));
    const o = options('empty-class', {
      model: 'cnn',
      data: { kind: 'images', path: dir },
      testData: undefined,
    });
    await expect(train(o, bufferIo())).rejects.toThrow(
      `${path.join(dir, 'bird')}: the class folder 'bird' holds no images`,
    );
    expect(existsSync(o.out!)).toBe(false);
  });

  it('--channels 1 --size 16x16 reads mixed PNG / JPEG sizes in gray at 16x16; they need an image folder', async () => {
    const dir = path.join(TMP, 'mixed-images');
    writeFolder(dir, 10);
    const big = new Uint8Array(40 * 40 * 4).fill(200);
    writeFileSync(
      path.join(dir, 'cat', 'big.jpg'),
      jpeg.encode({ data: big, width: 40, height: 40 }, 90).data,
    );
    const base = { model: 'cnn' as const, data: { kind: 'images' as const, path: dir }, testData: undefined };
    await expect(train(options('mixed-no-size', base), bufferIo())).rejects.toThrow(
      /big\.jpg: is 40×40, but .* is 28×28; all images must have one size \(or resize them on load/,
    );
    const io = bufferIo();
    const s = await train(options('mixed', { ...base, channels: 1, size: '16x16' }), io);
    expect(io.stderr).toContain(
      `${dir}: 21 gray (1 channel, --channels 1) images of 16×16 (resized on load, --size)`,
    );
    expect(JSON.stringify(readJson(s.outDir, 'model.json'))).toContain('[16,16,1]');
    expect(readJson<{ channels: number; size: string }>(s.outDir, 'run.json')).toMatchObject({
      channels: 1,
      size: '16x16',
    });
    await expect(train(options('size-mnist', { size: '16x16' }), bufferIo())).rejects.toThrow(
      '--size applies to --data images:DIR (a folder of PNG / JPEG images), got --data mnist.',
    );
  }, 120_000);
});
