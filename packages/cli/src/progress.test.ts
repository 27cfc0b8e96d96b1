import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatMetric, lineProgress } from './progress';

describe('progress formatting', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(Number.NaN)).toBe('?');
    expect(formatDuration(-1)).toBe('?');
  });

  it('shows accuracies as percentages and other metrics with four digits', () => {
    expect(formatMetric('val_accuracy', 0.96054)).toBe('val_accuracy 96.1%');
    expect(formatMetric('loss', 0.123456)).toBe('loss 0.1235');
    expect(formatMetric('loss', Number.NaN)).toBe('loss NaN');
  });
});

describe('lineProgress (not a terminal)', () => {
  it('prints one line per epoch and throttles batch lines', () => {
    const lines: string[] = [];
    const p = lineProgress((t) => lines.push(t), 3600);
    const batch = {
      epoch: 1,
      epochs: 2,
      batch: 3,
      batches: 10,
      loss: 0.5,
      imagesPerSecond: 1000,
      etaSeconds: 65,
    };
    p.batch(batch);
    p.batch({ ...batch, batch: 4 });
    expect(lines).toEqual([]);
    p.epoch({
      epoch: 1,
      epochs: 2,
      metrics: { loss: 0.25, val_accuracy: 0.9 },
      imagesPerSecond: 1234.4,
      seconds: 6.54,
    });
    p.log('note');
    expect(lines).toEqual(['epoch 1/2  loss 0.2500  val_accuracy 90.0%  1234 img/s  6.5s\n', 'note\n']);
  });

  it('prints a batch line once the interval has passed', () => {
    const lines: string[] = [];
    const p = lineProgress((t) => lines.push(t), 0);
    p.batch({
      phase: 'pretrain',
      epoch: 2,
      epochs: 4,
      batch: 7,
      batches: 125,
      loss: 0.031234,
      accuracy: 0.5,
      imagesPerSecond: 900.4,
      etaSeconds: 90,
    });
    expect(lines).toEqual(['pretrain epoch 2/4 batch 7/125 loss 0.03123 val acc 50.0% 900 img/s ETA 1:30\n']);
  });
});

describe('createProgress on a terminal', () => {
  it('draws a cli-progress bar with epoch, batch, loss, accuracy, images/s and ETA, and logs above it', () => {
    let drawn = '';
    const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
    stream.isTTY = true;
    stream.columns = 200;
    stream.on('data', (d) => {
      drawn += d;
    });
    const p = createProgress({ out: () => {}, err: () => {}, isTTY: true, progressStream: stream });
    p.batch({
      epoch: 2,
      epochs: 5,
      batch: 3,
      batches: 10,
      loss: 0.25,
      accuracy: 0.9,
      imagesPerSecond: 800,
      etaSeconds: 75,
    });
    p.log('a note');
    p.epoch({ epoch: 2, epochs: 5, metrics: { loss: 0.2 }, imagesPerSecond: 800, seconds: 1 });
    p.stop();
    // Strip the terminal's escape sequences (ESC [ ... letter).
    const text = drawn.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
    expect(text).toMatch(
      /epoch 2\/5 \|[█░]{24}\| batch 3\/10 loss 0\.2500 val acc 90\.0% 800 img\/s ETA 1:15/,
    );
    expect(text).toContain('a note\n');
    expect(text).toContain('epoch 2/5  loss 0.2000  800 img/s  1.0s\n');
  });
});
