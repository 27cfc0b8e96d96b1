import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { base64 } from './base64.js';
import { decodePng, encodePng, toPng, writePng, writeReport, writeSvg } from './node.js';
import type { Scene } from './scene.js';

// A known 2x2 image: red, green / blue, half-transparent grey.
const known = {
  width: 2,
  height: 2,
  data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 7, 8, 9, 100]),
};

describe('PNG', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'viz-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a known 2x2 image decodes back to the same size and pixels (fast-png encoder)', () => {
    const back = decodePng(encodePng(known));
    expect([back.width, back.height]).toEqual([2, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(known.data));
  });

  it('the browser-safe encoder round-trips past one 64 KiB deflate block too', () => {
    const back = decodePng(encodePng(known));
    expect(Array.from(back.data)).toEqual(Array.from(known.data));
    const big = {
      width: 200,
      height: 120,
      data: Uint8ClampedArray.from({ length: 200 * 120 * 4 }, (_, i) => (i * 7) % 256),
    };
    const bigBack = decodePng(encodePng(big));
    expect([bigBack.width, bigBack.height]).toEqual([200, 120]);
    expect(Buffer.from(bigBack.data).equals(Buffer.from(big.data))).toBe(true);
  });

  it('rejects pixel buffers of the wrong size', () => {
    const bad = { width: 3, height: 2, data: new Uint8ClampedArray(16) };
    expect(() => encodePng(bad)).toThrow('encodePng: expected 3x2x4 = 24 bytes, got 16');
    expect(() => encodePng(bad)).toThrow(/expected 3x2x4 = 24 bytes, got 16/);
  });

  it('compresses: a flat 28x28 image takes far fewer bytes than its raw pixels', () => {
    const flat = { width: 28, height: 28, data: new Uint8ClampedArray(28 * 28 * 4).fill(200) };
    expect(encodePng(flat).length).toBeLessThan(28 * 28);
  });

  it('decodes grey, grey+alpha, RGB, 16-bit and palette PNGs to RGBA', () => {
    const grey = decodePng(encode({ width: 2, height: 1, data: Uint8Array.of(0, 200), channels: 1 }));
    expect(Array.from(grey.data)).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const ga = decodePng(encode({ width: 1, height: 1, data: Uint8Array.of(9, 50), channels: 2 }));
    expect(Array.from(ga.data)).toEqual([9, 9, 9, 50]);
    const rgb = decodePng(encode({ width: 1, height: 1, data: Uint8Array.of(1, 2, 3), channels: 3 }));
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 255]);
    // 16-bit: 0x00ff * 255 / 65535 = 0.992 -> 1 (rounded, not truncated to the high byte 0).
    const deep = encode({ width: 1, height: 1, data: Uint16Array.of(0x00ff), channels: 1, depth: 16 });
    expect(Array.from(decodePng(deep).data)).toEqual([1, 1, 1, 255]);
    // Transparent entry first: fast-png's encoder writes tRNS only for the entries before the first opaque one.
    const palette = [
      [40, 50, 60, 0],
      [10, 20, 30, 255],
    ];
    const pal = encode({ width: 2, height: 1, data: Uint8Array.of(0, 1), channels: 1, depth: 8, palette });
    expect(Array.from(decodePng(pal).data)).toEqual([40, 50, 60, 0, 10, 20, 30, 255]);
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(/decodePng: expected PNG bytes/);
  });

  it('base64 matches Node for every tail length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 254]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      expect(base64(b)).toBe(Buffer.from(b).toString('base64'));
    }
  });

  it('toPng rasterizes at the given scale; write* leave only the final file', () => {
    const scene: Scene = {
      width: 30,
      height: 20,
      background: '#ffffff',
      title: 't',
      marks: [{ type: 'rect', x: 0, y: 0, w: 10, h: 20, fill: '#000000' }],
    };
    const png = decodePng(toPng(scene, { scale: 3 }));
    expect([png.width, png.height]).toEqual([90, 60]);
    expect(Array.from(png.data.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(png.data.subarray(89 * 4, 90 * 4))).toEqual([255, 255, 255, 255]);
    const file = path.join(dir, 'sub', 'a.png');
    writePng(file, scene);
    writeSvg(path.join(dir, 'a.svg'), scene);
    writeReport(path.join(dir, 'r.html'), { title: 'r' });
    expect(decodePng(readFileSync(file)).width).toBe(60);
    expect(readFileSync(path.join(dir, 'a.svg'), 'utf8')).toMatch(/^<svg /);
    expect(existsSync(path.join(dir, 'r.html'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.svg', 'r.html', 'sub']);
    expect(readdirSync(path.join(dir, 'sub'))).toEqual(['a.png']);
  });
});
