import { describe, expect, it } from 'vitest';
import { GLYPH_H, GLYPH_W, glyph, hasGlyph } from './font.js';

describe('bitmap font', () => {
  it('covers printable ASCII and the symbols our labels use', () => {
    const missing: string[] = [];
    for (let c = 32; c < 127; c++)
      if (!hasGlyph(String.fromCharCode(c))) missing.push(String.fromCharCode(c));
    for (const ch of ['σ', 'µ', '→', '…', '–', '—', '×', '±']) if (!hasGlyph(ch)) missing.push(ch);
    expect(missing).toEqual([]);
  });

  it('glyphs are 5x8 masks; space is empty, unknown characters get a box', () => {
    expect(glyph(' ').every((v) => v === 0)).toBe(true);
    expect(glyph('A')).toHaveLength(GLYPH_W * GLYPH_H);
    const box = glyph('☃');
    expect(box.slice(0, 5)).toEqual(Uint8Array.from([1, 1, 1, 1, 1]));
    // every pair of distinct ASCII glyphs differs (catches a copy-paste row)
    const seen = new Map<string, string>();
    for (let c = 33; c < 127; c++) {
      const ch = String.fromCharCode(c);
      const key = glyph(ch).join('');
      expect(seen.get(key), `${ch} looks like ${seen.get(key)}`).toBeUndefined();
      seen.set(key, ch);
    }
  });
});
