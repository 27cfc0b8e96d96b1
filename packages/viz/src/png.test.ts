import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePng } from '@aecnn/data';
import { afterAll, describe, expect, it } from 'vitest';
import { base64 } from './base64.js';
import { toPng, writePng, writeReport, writeSvg } from './node.js';
import type { Scene } from './scene.js';

describe('PNG', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'viz-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
