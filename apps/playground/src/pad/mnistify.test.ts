import { describe, expect, it } from 'vitest';
import { mnistify } from './mnistify';

function blank(width: number, height: number) {
  return { data: new Float32Array(width * height), width, height };
}

function centreOfMass(d: Float32Array): [number, number, number] {
  let m = 0;
  let cx = 0;
  let cy = 0;
  d.forEach((v, i) => {
    m += v;
    cx += v * ((i % 28) + 0.5);
    cy += v * (Math.floor(i / 28) + 0.5);
  });
  return [cx / m, cy / m, m];
}

describe('mnistify', () => {
  it('gives 784 zeros for an empty pad', () => {
    const out = mnistify(blank(280, 280));
    expect(out.length).toBe(784);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('scales a filled square in a corner to 20x20 at the centre', () => {
    const pad = blank(100, 100);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) pad.data[y * 100 + x] = 1;
    const out = mnistify(pad);
    const [cx, cy, mass] = centreOfMass(out);
    expect(mass).toBeCloseTo(400, 3); // 20 x 20 full pixels
    expect(cx).toBeCloseTo(14, 5);
    expect(cy).toBeCloseTo(14, 5);
    expect(out[4 * 28 + 4]).toBe(1);
    expect(out[3 * 28 + 3]).toBe(0);
  });

  it('keeps the aspect of a tall stroke (a "1"): 20 px high, narrow', () => {
    const pad = blank(200, 200);
    for (let y = 20; y < 180; y++) for (let x = 90; x < 110; x++) pad.data[y * 200 + x] = 1;
    const out = mnistify(pad);
    const rows = new Set<number>();
    const cols = new Set<number>();
    out.forEach((v, i) => {
      if (v > 0) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
    });
    expect(rows.size).toBe(20);
    expect(cols.size).toBeLessThanOrEqual(3); // 20 px wide of 160 px high -> 2.5 px
  });

  it('rejects data that does not match its size', () => {
    expect(() => mnistify({ data: new Float32Array(10), width: 4, height: 4 })).toThrow(
      'expected 4x4 = 16 values, got 10',
    );
  });
});
