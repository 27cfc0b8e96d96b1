import { useBackend } from '@aecnn/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { mnist as mnistWeb } from './index';
import { mnist } from './node';
import { apportion } from './stratify';

const COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

beforeAll(async () => {
  await useBackend('cpu');
});

const sources = (ds: Dataset) => Array.from(ds.sourceIndices());

describe('mnist()', () => {
  it('gives 8,000 / 2,000 stratified, disjoint, 28×28 digits', async () => {
    const { train, test } = await mnist();
    expect([train.size, test.size]).toEqual([8000, 2000]);
    expect(train.imageShape).toEqual([28, 28, 1]);
    expect(train.numClasses).toBe(10);
    const trainCounts = apportion(COUNTS, 8000);
    expect(train.classCounts()).toEqual(trainCounts);
    expect(test.classCounts()).toEqual(COUNTS.map((c, i) => c - trainCounts[i]!));
    for (const [i, c] of train.classCounts().entries())
      expect(Math.abs(c - 0.8 * COUNTS[i]!)).toBeLessThan(1);
    const trainSet = new Set(sources(train));
    expect(trainSet.size).toBe(8000);
    expect(sources(test).filter((i) => trainSet.has(i))).toEqual([]);
    // no shared image content either (the package's digits are distinct images)
    const key = (d: Dataset, i: number) => Buffer.from(d.image(i)).toString('base64');
    const trainKeys = new Set(Array.from({ length: train.size }, (_, i) => key(train, i)));
    expect(Array.from({ length: test.size }, (_, i) => key(test, i)).filter((k) => trainKeys.has(k))).toEqual(
      [],
    );
  });

  it('is identical for one seed and different for another', async () => {
    const a = await mnist({ seed: 7 });
    const b = await mnist({ seed: 7 });
    const c = await mnist({ seed: 8 });
    expect(sources(a.train)).toEqual(sources(b.train));
    expect(sources(a.test)).toEqual(sources(b.test));
    expect(new Set(sources(c.test))).not.toEqual(new Set(sources(a.test)));
  });

  it('holds real digits: MNIST-like ink statistics, shuffled order', async () => {
    const { train } = await mnist();
    let sum = 0;
    let ink = 0;
    for (let i = 0; i < 1000; i++) {
      for (const v of train.image(i)) {
        sum += v;
        if (v > 128) ink++;
      }
    }
    const mean = sum / (1000 * 784 * 255);
    expect(mean).toBeGreaterThan(0.1); // MNIST's mean pixel is 0.1307
    expect(mean).toBeLessThan(0.16);
    expect(ink / 1000).toBeGreaterThan(80); // ~100 bright pixels a digit
    expect(new Set(Array.from(train.take(50).labels())).size).toBeGreaterThan(5);
  });

  it('the browser-safe entry decodes the same digits', async () => {
    const node = await mnist({ seed: 3, testSize: 500 });
    const web = await mnistWeb({ seed: 3, testSize: 500 });
    expect([web.train.size, web.test.size]).toEqual([9500, 500]);
    expect(sources(web.test)).toEqual(sources(node.test));
    expect(Array.from(web.test.image(17))).toEqual(Array.from(node.test.image(17)));
  });

  it('checks its options', async () => {
    await expect(mnist({ testSize: 10000 })).rejects.toThrow(
      'mnist: testSize must be an integer in [0, 10000), got 10000',
    );
    await expect(mnist({ seed: 0.5 })).rejects.toThrow('mnist: seed must be an integer, got 0.5');
    const all = await mnist({ testSize: 0 });
    expect([all.train.size, all.test.size]).toEqual([10000, 0]);
  });
});
