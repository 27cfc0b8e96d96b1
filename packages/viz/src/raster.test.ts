import { describe, expect, it } from 'vitest';
import { rasterize } from './raster.js';
import type { Mark, Pixels, Scene } from './scene.js';

const scene = (marks: Mark[], w = 20, h = 20): Scene => ({
  width: w,
  height: h,
  background: '#ffffff',
  title: 't',
  marks,
});
const at = (p: Pixels, x: number, y: number) =>
  Array.from(p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 4));

describe('rasterize', () => {
  it('fills rectangles exactly on pixel edges and blends partial coverage', () => {
    const p = rasterize(
      scene([
        { type: 'rect', x: 2, y: 2, w: 3, h: 2, fill: '#000000' },
        { type: 'rect', x: 10.5, y: 0, w: 1, h: 1, fill: '#000000' },
      ]),
      { scale: 1 },
    );
    expect(at(p, 2, 2)).toEqual([0, 0, 0, 255]);
    expect(at(p, 4, 3)).toEqual([0, 0, 0, 255]);
    expect(at(p, 5, 3)).toEqual([255, 255, 255, 255]);
    expect(at(p, 1, 2)).toEqual([255, 255, 255, 255]);
    // half a pixel covered on each side: 50% grey
    expect(at(p, 10, 0)[0]).toBeCloseTo(128, -1);
    expect(at(p, 11, 0)[0]).toBeCloseTo(128, -1);
  });

  it('scales scenes and draws images with nearest-neighbour sampling', () => {
    const img = { width: 2, height: 1, data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 0, 255, 255]) };
    const p = rasterize(scene([{ type: 'image', x: 0, y: 0, w: 4, h: 2, image: img }], 4, 2), { scale: 2 });
    expect([p.width, p.height]).toEqual([8, 4]);
    expect(at(p, 3, 3)).toEqual([255, 0, 0, 255]);
    expect(at(p, 4, 0)).toEqual([0, 0, 255, 255]);
  });

  it('draws lines, circles, polygons and text where they are, and nothing elsewhere', () => {
    const p = rasterize(
      scene([
        { type: 'line', x1: 0, y1: 5, x2: 19, y2: 5, stroke: '#0000ff', strokeWidth: 2 },
        { type: 'circle', cx: 15, cy: 15, r: 3, fill: '#ff0000' },
        { type: 'polygon', points: [2, 12, 8, 12, 8, 18, 2, 18], fill: '#00ff00' },
      ]),
      { scale: 1 },
    );
    expect(at(p, 10, 4)).toEqual([0, 0, 255, 255]);
    expect(at(p, 10, 5)).toEqual([0, 0, 255, 255]);
    expect(at(p, 10, 8)).toEqual([255, 255, 255, 255]);
    expect(at(p, 15, 15)).toEqual([255, 0, 0, 255]);
    expect(at(p, 19, 19)).toEqual([255, 255, 255, 255]);
    expect(at(p, 5, 15)).toEqual([0, 255, 0, 255]);
    const t = rasterize(
      scene([{ type: 'text', x: 20, y: 10, text: 'Hi', size: 10, anchor: 'middle' }], 40, 20),
      { scale: 1 },
    );
    let ink = 0;
    let outside = 0;
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 40; x++) {
        if (at(t, x, y)[0]! < 200) {
          if (x >= 14 && x <= 26 && y >= 5 && y <= 15) ink++;
          else outside++;
        }
      }
    }
    expect(ink).toBeGreaterThan(15);
    expect(outside).toBe(0);
  });

  it('rejects absurd scales', () => {
    expect(() => rasterize(scene([]), { scale: 0 })).toThrow('rasterize: scale must be in (0, 16], got 0');
  });
});
