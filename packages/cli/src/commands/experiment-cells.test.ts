import { describe, expect, it } from 'vitest';
import { cellCost, type ExperimentCell, progressDue } from './experiment-cells';
import { rowEpochs } from './experiment-options';

const cell = (method: ExperimentCell['method'], labels: ExperimentCell['labels']): ExperimentCell => ({
  index: 0,
  labels,
  seed: 1,
  method,
  ...rowEpochs({}, labels),
});

describe('cellCost', () => {
  it('ranks the default cells as they took on this machine: all-label fusion, then pretrain, CNN, few-label fusion', () => {
    // measured (docs/RESULTS.md): 775-841 s, 378-409 s, 87-122 s, 93-98 s, 32-34 s
    expect(cellCost(cell('fusion', 'all'))).toBe(800);
    expect(cellCost(cell('pretrain', 'all'))).toBe(400);
    expect(cellCost(cell('cnn', 'all'))).toBe(100);
    expect(cellCost(cell('fusion', 100))).toBe(95);
    expect(cellCost(cell('cnn', 100))).toBe(50);
    expect(cellCost(cell('pretrain', 1000))).toBe(33);
  });

  it('scales with the epochs of the method (the CNN with its own)', () => {
    expect(cellCost({ ...cell('fusion', 100), epochs: 40 })).toBe(190);
    expect(cellCost({ ...cell('cnn', 100), epochs: 40 })).toBe(50);
    expect(cellCost({ ...cell('cnn', 100), cnnEpochs: 1 })).toBe(12.5);
  });
});

describe('progressDue', () => {
  it('logs each quarter of a training but not its last epoch', () => {
    const due = (epochs: number) =>
      Array.from({ length: epochs }, (_, i) => i + 1).filter((epoch) => progressDue({ epoch, epochs }));
    expect(due(40)).toEqual([10, 20, 30]);
    expect(due(20)).toEqual([5, 10, 15]);
    expect(due(6)).toEqual([2, 4]);
    expect(due(2)).toEqual([1]);
    expect(due(1)).toEqual([]);
  });
});
