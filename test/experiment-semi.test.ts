// End to end through the built `aecnn` binary: a tiny `aecnn experiment semi` (2 label counts x 2 seeds x 3 methods,
// 300 training images, 2 epochs, 2 worker threads) writes results.json, results.md and the plot, prints the JSON, and
// gives the same accuracies as one training at a time; and
// `aecnn train --labels` on the fusion model trains with the semi-supervised recipe. Needs `pnpm build` first.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aecnn, isPng, json, type Run, readJson } from './cli-helpers';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'aecnn-experiment-'));
const OUT = path.join(TMP, 'semi');
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Stats {
  method: string;
  labels: number | 'all';
  labeledCount: number;
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  accuracies: number[];
}
interface Results {
  experiment: string;
  command: string;
  settings: {
    labels: (number | 'all')[];
    seeds: number;
    epochs: number;
    cnnEpochs: number;
    fullLabelEpochs: number;
    fullLabelCnnEpochs: number;
    trainSamples: number;
  };
  hardware: { backend: string; cpus: number; jobs: number };
  runs: {
    method: string;
    labels: number | 'all';
    labeledCount: number;
    seed: number;
    epochs: number;
    accuracy: number;
  }[];
  summary: Stats[];
  table: string;
  wallSeconds: number;
  complete: boolean;
  outDir: string;
}

describe('aecnn experiment semi (tiny)', { timeout: 120_000 }, () => {
  let run: Run;
  let results: Results;

  beforeAll(async () => {
    run = await aecnn(
      'experiment',
      'semi',
      '--labels',
      '30,all',
      '--seeds',
      '2',
      '--epochs',
      '2',
      '--limit',
      '300',
      '--jobs',
      '2',
      '--out',
      OUT,
      '--json',
    );
    results = json<Results>(run);
  }, 180_000);

  it('exits 0, logs every training on stderr and prints only the JSON on stdout', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(run.stderr).toContain(
      '12 trainings (30, all labels x 2 seeds x cnn, pretrain, fusion), 2 at a time',
    );
    for (const labels of ['30', 'all'])
      for (const seed of [1, 2])
        for (const method of ['cnn', 'pretrain', 'fusion'])
          expect(run.stderr).toContain(`${labels} labels, seed ${seed}, ${method}: test accuracy`);
    expect(run.stderr).toMatch(/\[12\/12\] .*: test accuracy/);
    // progress from inside the worker threads: epoch 1 of 2 of each pretrain and fusion training (the CNN trains 1)
    const progress = run.stderr.match(/^ {2}\S+ labels, seed \d, \w+: epoch 1\/2 \(/gm) ?? [];
    expect(progress).toHaveLength(8);
    expect(run.stderr).not.toContain('cnn: epoch');
  });

  it('gives the same runs one training at a time (--jobs 1) as with two worker threads', async () => {
    const one = await aecnn(
      'experiment',
      ...['semi', '--labels', '30', '--seeds', '2', '--epochs', '2', '--limit', '300', '--jobs', '1'],
      ...['--out', path.join(TMP, 'one'), '--json'],
    );
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toContain('one at a time');
    expect(one.stderr).toContain('  30 labels, seed 2, fusion: epoch 1/2 (');
    const sequential = json<Results>(one);
    expect(sequential.hardware.jobs).toBe(1);
    expect(results.hardware.jobs).toBe(2);
    expect(sequential.runs).toEqual(
      results.runs.filter((r) => r.labels === 30).map((r) => ({ ...r, trainSeconds: expect.any(Number) })),
    );
  });

  it('records every (method, label count, seed) with a sane accuracy', () => {
    expect(results).toMatchObject({
      experiment: 'semi',
      command: 'aecnn experiment semi --labels 30,all --seeds 2 --epochs 2 --limit 300',
      settings: {
        labels: [30, 'all'],
        seeds: 2,
        ...{ epochs: 2, cnnEpochs: 1, fullLabelEpochs: 2, fullLabelCnnEpochs: 1 },
        trainSamples: 300,
      },
      hardware: { backend: 'wasm' },
      complete: true,
      outDir: OUT,
    });
    expect(results.runs).toHaveLength(12);
    // in (label count, seed, method) order, whichever worker finished first
    const keys = results.runs.map((r) => `${r.labels}/${r.seed}/${r.method}`);
    expect(keys.slice(0, 4)).toEqual(['30/1/cnn', '30/1/pretrain', '30/1/fusion', '30/2/cnn']);
    expect(new Set(keys).size).toBe(12);
    for (const r of results.runs) {
      expect(r.labeledCount).toBe(r.labels === 'all' ? 300 : 30);
      expect(r.epochs).toBe(r.method === 'cnn' ? 1 : 2);
      // 10 classes: chance is 10%; 2 short epochs on 300 images must be well above it and never perfect
      expect(r.accuracy).toBeGreaterThan(0.05);
      expect(r.accuracy).toBeLessThan(1);
      // accuracy over 2,000 test images is a multiple of 1/2000
      expect(Math.round(r.accuracy * 2000)).toBeCloseTo(r.accuracy * 2000, 6);
    }
    expect(results.wallSeconds).toBeGreaterThan(0);
  });

  it('summarises mean, std, min and max per label count and method', () => {
    expect(results.summary.map((s) => `${s.labels}:${s.method}`)).toEqual([
      '30:cnn',
      '30:pretrain',
      '30:fusion',
      'all:cnn',
      'all:pretrain',
      'all:fusion',
    ]);
    for (const s of results.summary) {
      const acc = results.runs
        .filter((r) => r.labels === s.labels && r.method === s.method)
        .map((r) => r.accuracy);
      const mean = (acc[0]! + acc[1]!) / 2;
      expect(s.n).toBe(2);
      expect(s.accuracies).toEqual(acc);
      expect(s.mean).toBeCloseTo(mean, 12);
      // sample std of two values: |a - b| / sqrt(2)
      expect(s.std).toBeCloseTo(Math.abs(acc[0]! - acc[1]!) / Math.SQRT2, 12);
      expect(s.min).toBe(Math.min(...acc));
      expect(s.max).toBe(Math.max(...acc));
    }
  });

  it('writes the Markdown table, the JSON and the plot into the output folder', () => {
    const md = readFileSync(path.join(OUT, 'results.md'), 'utf8');
    const lines = results.table.trim().split('\n');
    expect(lines[0]).toBe(
      '| labels | CNN alone | AE pretrain + classifier | fusion (semi-supervised) | fusion − CNN |',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^\| 30 \| \d+\.\d ± \d+\.\d \(n=2\) \| .* \| [+-]\d+\.\d \|$/);
    expect(lines[3]).toMatch(/^\| all \(300\) \| /);
    const fusion30 = results.summary.find((s) => s.labels === 30 && s.method === 'fusion')!;
    expect(lines[2]).toContain(
      `${(100 * fusion30.mean).toFixed(1)} ± ${(100 * fusion30.std).toFixed(1)} (n=2)`,
    );
    expect(md).toContain(results.table);
    expect(md).toContain(results.command);
    expect(readJson<Results>(OUT, 'results.json')).toEqual(results);
    expect(isPng(path.join(OUT, 'accuracy.png'))).toBe(true);
    const svg = readFileSync(path.join(OUT, 'accuracy.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('fusion (semi-supervised) (mean)');
    expect(existsSync(path.join(OUT, 'results.json.tmp'))).toBe(false);
  });

  it('rejects a bad label list with exit code 2', async () => {
    const r = await aecnn('experiment', 'semi', '--labels', '100,lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("got 'lots' in '100,lots'");
    const again = await aecnn('experiment', 'semi', '--labels', '30', '--limit', '300', '--out', OUT);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds experiment results; pick another --out');
    const k = await aecnn('experiment', 'nope');
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('semi');
  });
});

describe('aecnn train --labels on the fusion model', { timeout: 120_000 }, () => {
  it('trains with the semi-supervised recipe (phase semi)', async () => {
    const out = path.join(TMP, 'train');
    const r = await aecnn(
      'train',
      '--labels',
      '30',
      '--epochs',
      '1',
      '--limit',
      '300',
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('semi epoch 1/1');
    const s = json<{ labeledSamples: number; test: { accuracy: number } }>(r);
    expect(s.labeledSamples).toBe(30);
    expect(s.test.accuracy).toBeGreaterThan(0.05);
  }, 120_000);
});
