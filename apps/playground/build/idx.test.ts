import { describe, expect, it } from 'vitest';
import { idxImages, idxLabels } from './idx';

describe('idx encoders', () => {
  it('writes the IDX3 header big-endian, then the pixels', () => {
    const bytes = idxImages(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 2, 2, 2);
    expect([...bytes.subarray(0, 16)]).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect([...bytes.subarray(16)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes the IDX1 header (magic 2049 = 0x0801) and the labels', () => {
    expect([...idxLabels(new Uint8Array([7, 0, 9]))]).toEqual([0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9]);
  });

  it('rejects pixels that do not fill count x rows x cols', () => {
    expect(() => idxImages(new Uint8Array(5), 1, 2, 3)).toThrow('expected 1x2x3 = 6 bytes, got 5');
  });
});
