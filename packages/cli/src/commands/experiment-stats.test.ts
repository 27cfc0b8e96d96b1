import { describe, expect, it } from 'vitest';
import { parseLabelCounts, rowEpochs } from './experiment-options';
import { type MethodRun, markdownTable, summarizeRuns } from './experiment-stats';

const run = (
  method: MethodRun['method'],
  labels: MethodRun['labels'],
  seed: number,
  accuracy: number,
): MethodRun => ({
  method,
  labels,
  labeledCount: labels === 'all' ? 8000 : labels,
  seed,
  epochs: 2,
  accuracy,
  trainSeconds: 1,
});

describe('experiment stats', () => {
  it('summarises seeds into mean, sample std, min and max, in label then method order', () => {
    const stats = summarizeRuns([
      run('fusion', 100, 1, 0.9),
      run('cnn', 100, 1, 0.8),
      run('fusion', 100, 2, 0.94),
      run('cnn', 100, 2, 0.82),
      run('fusion', 'all', 1, 0.98),
    ]);
    expect(stats.map((s) => `${s.labels}:${s.method}:${s.n}`)).toEqual([
      '100:cnn:2',
      '100:fusion:2',
      'all:fusion:1',
    ]);
    const f = stats[1]!;
    // mean (0.9 + 0.94) / 2 = 0.92; sample std sqrt(((-0.02)^2 + 0.02^2) / 1) = 0.0282843
    expect(f.mean).toBeCloseTo(0.92, 12);
    expect(f.std).toBeCloseTo(0.0282843, 6);
    expect([f.min, f.max]).toEqual([0.9, 0.94]);
    expect(stats[2]!.std).toBe(0);
    expect(markdownTable(stats)).toBe(
      [
        '| labels | CNN alone | fusion (semi-supervised) | fusion − CNN |',
        '| --- | ---: | ---: | ---: |',
        '| 100 | 81.0 ± 1.4 (n=2) | 92.0 ± 2.8 (n=2) | +11.0 |',
        '| all (8,000) | – | 98.0 ± 0.0 (n=1) | – |',
        '',
      ].join('\n'),
    );
  });

  it('parses label lists and says what is wrong', () => {
    expect(parseLabelCounts('100, 1000,all')).toEqual([100, 1000, 'all']);
    expect(() => parseLabelCounts('100,0')).toThrow("got '0' in '100,0'");
    expect(() => parseLabelCounts('all,all')).toThrow("label count 'all' is repeated");
  });

  it('gives the all-labels row 40 epochs and the others 20 unless --epochs is given, the CNN a fifth', () => {
    expect(rowEpochs({}, 100)).toEqual({ epochs: 20, cnnEpochs: 4 });
    expect(rowEpochs({}, 'all')).toEqual({ epochs: 40, cnnEpochs: 8 });
    expect(rowEpochs({ epochs: 12 }, 'all')).toEqual({ epochs: 12, cnnEpochs: 3 });
    expect(rowEpochs({ epochs: 12, cnnEpochs: 5 }, 100)).toEqual({ epochs: 12, cnnEpochs: 5 });
    expect(rowEpochs({ cnnEpochs: 2 }, 'all')).toEqual({ epochs: 40, cnnEpochs: 2 });
  });
});
