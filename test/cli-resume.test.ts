// A killed `aecnn train` continues with --resume and loses at most one epoch: the process is SIGKILLed right
// after its first epoch's checkpoint lands, then resumed to the end. Needs `pnpm build` first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrainSummary } from 'aecnn';
import { afterAll, describe, expect, it } from 'vitest';
import { aecnn, json, readJson, start } from './cli-helpers';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'aecnn-resume-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('aecnn train --resume', { timeout: 60_000 }, () => {
  it('continues a killed run from its last checkpoint and finishes all epochs', async () => {
    const dir = path.join(TMP, 'run');
    const checkpoint = path.join(dir, 'checkpoint', 'checkpoint.bin');
    const { child, done } = start([
      'train',
      '--epochs',
      '3',
      '--limit',
      '600',
      '--seed',
      '5',
      '--out',
      dir,
      '--json',
    ]);
    await waitFor(() => existsSync(checkpoint), 90_000);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('');
    expect(existsSync(path.join(dir, 'metrics.json'))).toBe(false);

    const resumed = await aecnn('train', '--resume', dir, '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = json<TrainSummary>(resumed);
    expect(summary.epochs).toBe(3);
    expect(summary.trainSamples).toBe(600);
    // Killed after epoch 1's checkpoint (or, on a slow machine, a later one): at most one epoch was lost.
    expect(summary.resumedFromEpoch).toBeGreaterThanOrEqual(1);
    expect(summary.resumedFromEpoch).toBeLessThan(3);
    expect(resumed.stderr).toContain(`resumed from the checkpoint after epoch ${summary.resumedFromEpoch}`);
    const metrics = readJson<{ history: { epoch: number }[] }>(dir, 'metrics.json');
    expect(metrics.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(summary.test.accuracy).toBeGreaterThan(0.3);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
  }, 150_000);

  it('takes the settings from the run folder and refuses conflicting options', async () => {
    const r = await aecnn('train', '--resume', path.join(TMP, 'run'), '--epochs', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume continues a run with the settings saved in');
    expect(r.stderr).toContain('drop --epochs');
    const missing = await aecnn('train', '--resume', path.join(TMP, 'none'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${path.join(TMP, 'none', 'run.json')}: not found`);
  });
});
