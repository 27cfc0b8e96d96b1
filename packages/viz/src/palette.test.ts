import { describe, expect, it } from 'vitest';
import { classStyle, contrastText, hex, OKABE_ITO, parseHex, viridis } from './palette.js';

describe('palette', () => {
  it('viridis matches matplotlib at 9 anchors within 4/255', () => {
    // matplotlib viridis sampled at t = 0, 1/8, ..., 1
    const anchors = [
      '#440154',
      '#472d7b',
      '#3b528b',
      '#2c728e',
      '#21918c',
      '#28ae80',
      '#5ec962',
      '#addc30',
      '#fde725',
    ];
    anchors.forEach((h, i) => {
      const want = parseHex(h);
      const got = viridis(i / 8);
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - want[c]!)).toBeLessThanOrEqual(4);
    });
  });

  it('viridis clamps out-of-range values and greys NaN', () => {
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual([128, 128, 128]);
  });

  it('class styles cycle colours then change marker shape', () => {
    expect(classStyle(0)).toEqual({ color: OKABE_ITO[0], shape: 'circle' });
    expect(classStyle(8)).toEqual({ color: OKABE_ITO[0], shape: 'square' });
    expect(classStyle(9).shape).toBe('square');
  });

  it('hex / parseHex round-trip and reject junk', () => {
    expect(hex(parseHex('#0072B2'))).toBe('#0072b2');
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(() => parseHex('red')).toThrow(/expected '#rgb' or '#rrggbb', got 'red'/);
  });

  it('contrast text is white on dark viridis and black on bright viridis', () => {
    expect(contrastText(viridis(0))).toBe('#ffffff');
    expect(contrastText(viridis(1))).toBe('#000000');
  });
});
