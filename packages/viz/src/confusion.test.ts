import { describe, expect, it } from 'vitest';
import { confusionCounts, confusionMatrix } from './confusion.js';
import { hex, viridis } from './palette.js';
import { svgTree } from './testing/svg-tree.js';

describe('confusion matrix', () => {
  it('confusionCounts tallies [true][predicted]', () => {
    expect(confusionCounts([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    expect(confusionCounts([0], [0], 3)).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(() => confusionCounts([0, 1], [0])).toThrow('confusionCounts: 2 labels but 1 predictions');
    expect(() => confusionCounts([0, 3], [0, 1], 3)).toThrow(
      'confusionCounts: label 1 is 3; expected an integer class in [0, 2]',
    );
  });

  it('draws one cell per class pair with its count, row-share colour and per-class accuracy', () => {
    // rows: true class. class 0: 8/10 right, class 1: 5/5, class 2: 0/5
    const m = [
      [8, 2, 0],
      [0, 5, 0],
      [1, 4, 0],
    ];
    const t = svgTree(confusionMatrix({ matrix: m, classNames: ['cat', 'dog', 'eel'] }));
    const cells = t.cls('cell');
    expect(cells).toHaveLength(9);
    expect(t.texts('count')).toEqual(['8', '2', '0', '0', '5', '0', '1', '4', '0']);
    expect(cells[0]!.attrs.fill).toBe(hex(viridis(0.8)));
    expect(cells[4]!.attrs.fill).toBe(hex(viridis(1)));
    expect(t.texts('class-accuracy')).toEqual(['80.0%', '100.0%', '0.0%']);
    expect(t.texts('class-name')).toEqual(['cat', 'dog', 'eel', 'cat', 'dog', 'eel']);
    expect(t.texts('axis-label')).toEqual(['predicted class', 'true class', 'accuracy']);
    expect(t.texts('title')[0]).toContain('accuracy 65.00% (13/20)');
  });

  it('explains bad input', () => {
    expect(() => confusionMatrix({ matrix: [[1, 2]] })).toThrow(
      'confusionMatrix: expected a square [k, k] matrix of counts, got shape [1, 2]',
    );
    expect(() => confusionMatrix({ matrix: [[1]], classNames: ['a', 'b'] })).toThrow(
      'confusionMatrix: 2 class names for a 1x1 matrix',
    );
  });
});
