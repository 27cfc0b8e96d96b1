import { describe, expect, it } from 'vitest';
import { doublingPlan, halvingSizes, sizeOf, transposeOutputSize, windowOutputSize } from './shapes';

describe('shape arithmetic', () => {
  it('windowOutputSize follows Keras: valid 3x3 on 28 → 26, pool 2 on 26 → 13, same stride 2 on 7 → 4', () => {
    expect(windowOutputSize(28, 3, 1, 'valid')).toBe(26);
    expect(windowOutputSize(26, 2, 2, 'valid')).toBe(13);
    expect(windowOutputSize(7, 3, 2, 'same')).toBe(4);
    expect(windowOutputSize(27, 2, 2, 'valid')).toBe(13);
  });

  it('transposeOutputSize inverts them: valid 3x3 on 26 → 28, same stride 2 on 7 → 14', () => {
    expect(transposeOutputSize(26, 3, 1, 'valid')).toBe(28);
    expect(transposeOutputSize(7, 3, 2, 'same')).toBe(14);
    expect(transposeOutputSize(13, 2, 2, 'valid')).toBe(26);
  });

  it('halvingSizes lists every stage', () => {
    expect(halvingSizes([28, 28], 3)).toEqual([
      [28, 28],
      [14, 14],
      [7, 7],
      [4, 4],
    ]);
    expect(halvingSizes([32, 24], 2)).toEqual([
      [32, 24],
      [16, 12],
      [8, 6],
    ]);
  });

  it('doublingPlan crops one row/col where the encoder rounded up (4 → 8 → crop 1 → 7)', () => {
    expect(doublingPlan(halvingSizes([28, 28], 3))).toEqual([
      { from: [4, 4], to: [7, 7], crop: [1, 1] },
      { from: [7, 7], to: [14, 14], crop: [0, 0] },
      { from: [14, 14], to: [28, 28], crop: [0, 0] },
    ]);
    expect(doublingPlan(halvingSizes([5, 8], 1))).toEqual([{ from: [3, 4], to: [5, 8], crop: [1, 0] }]);
  });

  it('sizeOf multiplies dimensions', () => {
    expect(sizeOf([13, 13, 32])).toBe(5408);
    expect(sizeOf([])).toBe(1);
  });
});
