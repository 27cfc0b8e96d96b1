// End to end through the built `aecnn` binary: a tiny `aecnn experiment anomaly` (2 digits x 2 seeds, 300 training
// images, 1 epoch, 2 worker threads) writes results.json and results.md and prints the JSON; bad digits and the other
// experiment's options are usage errors. Needs `pnpm build` first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aecnn, json, type Run, readJson } from './cli-helpers';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'aecnn-anomaly-'));
const OUT = path.join(TMP, 'anomaly');
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Results {
  experiment: string;
  command: string;
  settings: { digits: number[]; seeds: number; epochs: number; trainSamples: number; testSamples: number };
  hardware: { backend: string; jobs: number };
  runs: {
    digit: number;
    seed: number;
    epochs: number;
    trainImages: number;
    rocAuc: number;
    averagePrecision: number;
  }[];
  summary: {
    digits: { digit: number; n: number; mean: number; std: number; aucs: number[] }[];
    mean: { rocAuc: number; std: number; averagePrecision: number };
  };
  table: string;
  complete: boolean;
  outDir: string;
}

describe('aecnn experiment anomaly (tiny)', { timeout: 120_000 }, () => {
  let run: Run;
  let results: Results;

  beforeAll(async () => {
    run = await aecnn(
      ...['experiment', 'anomaly', '--digits', '0,3', '--seeds', '2', '--epochs', '1'],
      ...['--limit', '300', '--jobs', '2', '--out', OUT, '--json'],
    );
    results = json<Results>(run);
  }, 120_000);

  it('exits 0, logs every training on stderr and prints only the JSON', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('4 trainings (digits 0, 3 x 2 seeds, 1 epoch each), 2 at a time');
    for (const d of [0, 3])
      for (const s of [1, 2]) expect(run.stderr).toContain(`digit ${d}, seed ${s}: ROC AUC 0.`);
    expect(results).toMatchObject({
      experiment: 'anomaly',
      command: 'aecnn experiment anomaly --digits 0,3 --seeds 2 --epochs 1 --limit 300',
      settings: { digits: [0, 3], seeds: 2, epochs: 1, trainSamples: 300, testSamples: 2000 },
      hardware: { backend: 'wasm', jobs: 2 },
      complete: true,
      outDir: OUT,
    });
  });

  it('trains each digit on its own images and scores better than chance even after one epoch', () => {
    expect(results.runs.map((r) => `${r.digit}/${r.seed}`)).toEqual(['0/1', '0/2', '3/1', '3/2']);
    for (const r of results.runs) {
      // about a tenth of the 300 images is each digit
      expect(r.trainImages).toBeGreaterThan(15);
      expect(r.trainImages).toBeLessThan(50);
      expect(r.epochs).toBe(1);
      expect(r.rocAuc).toBeGreaterThan(0.5);
      expect(r.rocAuc).toBeLessThan(1);
      // ~90% of the test images are anomalous: average precision sits near or above that share
      expect(r.averagePrecision).toBeGreaterThan(0.85);
    }
    const digit0 = results.summary.digits[0]!;
    expect(digit0.aucs).toEqual(results.runs.slice(0, 2).map((r) => r.rocAuc));
    expect(digit0.mean).toBeCloseTo((digit0.aucs[0]! + digit0.aucs[1]!) / 2, 12);
    const all = results.runs.map((r) => r.rocAuc);
    expect(results.summary.mean.rocAuc).toBeCloseTo(all.reduce((a, b) => a + b, 0) / 4, 12);
  });

  it('writes the table and the JSON into the output folder', () => {
    const lines = results.table.trim().split('\n');
    expect(lines[0]).toBe('| normal digit | training images | ROC AUC | average precision |');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^\| 0 \| \d+ \| 0\.\d{3} ± 0\.\d{3} \(n=2\) \| 0\.\d{3} \|$/);
    expect(lines[4]).toContain(`**${results.summary.mean.rocAuc.toFixed(3)}**`);
    const md = readFileSync(path.join(OUT, 'results.md'), 'utf8');
    expect(md).toContain(results.table);
    expect(md).toContain(results.command);
    expect(readJson<Results>(OUT, 'results.json')).toEqual(results);
  });

  it('explains a normal class without images and options of the other experiment (exit code 2)', async () => {
    const none = await aecnn(
      'experiment',
      'anomaly',
      '--digits',
      '12',
      '--limit',
      '300',
      '--out',
      path.join(TMP, 'x'),
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--digits 12: the data has 10 classes (0..9)');
    const empty = await aecnn('experiment', 'anomaly', '--limit', '5', '--out', path.join(TMP, 'y'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /digit \d: none of the 5 training images is a \d, so there is no normal class to learn/,
    );
    const labels = await aecnn('experiment', 'anomaly', '--labels', '100');
    expect(labels.code).toBe(2);
    expect(labels.stderr).toContain("--labels is an option of 'aecnn experiment semi', not of 'anomaly'");
    const digits = await aecnn('experiment', 'semi', '--digits', '1');
    expect(digits.code).toBe(2);
    expect(digits.stderr).toContain("--digits is an option of 'aecnn experiment anomaly', not of 'semi'");
    const method = await aecnn('experiment', 'semi', '--method', 'vae');
    expect(method.code).toBe(2);
    expect(method.stderr).toContain("--method is an option of 'aecnn experiment anomaly', not of 'semi'");
    const bad = await aecnn('experiment', 'anomaly', '--digits', '1,x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("got 'x' in '1,x'");
  });
});

describe('aecnn experiment anomaly --method vae (tiny)', { timeout: 120_000 }, () => {
  it('trains a VAE per digit, scores the test images by negative ELBO and records it', async () => {
    const out = path.join(TMP, 'vae');
    const run = await aecnn(
      ...['experiment', 'anomaly', '--method', 'vae', '--digits', '1', '--seeds', '1', '--epochs', '2'],
      ...['--limit', '300', '--jobs', '1', '--out', out, '--json'],
    );
    expect(run.code, run.stderr).toBe(0);
    const r = json<Results & { settings: { method: string; score: string; loss: string } }>(run);
    expect(r).toMatchObject({
      command: 'aecnn experiment anomaly --digits 1 --method vae --seeds 1 --epochs 2 --limit 300',
      settings: { method: 'vae', score: 'elbo', loss: 'bceSum+kl', model: { latentDim: 16 } },
    });
    expect(r.runs).toHaveLength(1);
    // ones are the easiest normal class: a VAE of them finds the other digits unlikely even after two epochs
    expect(r.runs[0]!.rocAuc).toBeGreaterThan(0.7);
    expect(readFileSync(path.join(out, 'results.md'), 'utf8')).toContain('scored by its negative ELBO');
  });
});
