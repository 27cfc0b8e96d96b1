// `--test-data idx:DIR` and `aecnn eval --data idx:DIR` on t10k-* files written by @aecnn/data's IDX writer
// (images gzipped, labels raw: both forms are read). Needs `pnpm build` first.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mnist, writeIdxDataset } from '@aecnn/data/node';
import type { EvalResult, TrainSummary } from 'aecnn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aecnn, json } from './cli-helpers';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'aecnn-idx-'));
const IDX = path.join(TMP, 'idx');
const N = 300;
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

beforeAll(async () => {
  const { test } = await mnist();
  mkdirSync(IDX);
  // Images 1000.. of the held-out split, so they differ from the first ones the report shows.
  await writeIdxDataset(test.skip(1000).take(N), {
    images: path.join(IDX, 't10k-images-idx3-ubyte.gz'),
    labels: path.join(IDX, 't10k-labels-idx1-ubyte'),
  });
});

describe('--test-data idx:DIR', { timeout: 60_000 }, () => {
  it('trains semi-supervised and reports accuracy on the t10k images', async () => {
    const out = path.join(TMP, 'run');
    const r = await aecnn(
      'train',
      '--labels',
      '50',
      '--epochs',
      '1',
      '--limit',
      '400',
      '--test-data',
      `idx:${IDX}`,
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const s = json<TrainSummary>(r);
    expect(s).toMatchObject({
      model: 'fusion',
      trainSamples: 400,
      labeledSamples: 50,
      testData: `idx:${IDX}`,
    });
    expect(s.test.n).toBe(N);
    expect(s.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(s.test.accuracy).toBeLessThanOrEqual(1);
    expect(Math.round(s.test.accuracy! * N)).toBeCloseTo(s.test.accuracy! * N, 6);

    const ev = await aecnn('eval', '--model', out, '--data', `idx:${IDX}`, '--json');
    expect(ev.code, ev.stderr).toBe(0);
    const e = json<EvalResult>(ev);
    expect(e.n).toBe(N);
    expect(e.data).toBe(`idx:${IDX}`);
    expect(e.accuracy).toBeCloseTo(s.test.accuracy!, 10);
  }, 120_000);

  it('names the folder when it holds no IDX files', async () => {
    const r = await aecnn(
      'train',
      '--test-data',
      `idx:${TMP}`,
      '--limit',
      '100',
      '--out',
      path.join(TMP, 'bad'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${TMP}: no IDX files found; expected train-images-idx3-ubyte[.gz]`);
  });
});
