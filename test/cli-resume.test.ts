// A stopped or killed `aecnn train` continues with --resume and loses at most one epoch: the first process is
// stopped with Ctrl-C (SIGINT), the resumed one is SIGKILLed right after its next checkpoint lands, and a last
// resume runs to the end. Needs `pnpm build` first.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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
  it('stops on Ctrl-C, survives a kill, and resumes to the end', async () => {
    const dir = path.join(TMP, 'run');
    const checkpoint = path.join(dir, 'checkpoint', 'checkpoint.bin');
    const args = ['train', '--epochs', '3', '--limit', '600', '--seed', '5', '--out', dir, '--json'];

    // 1. Ctrl-C after the first checkpoint: the run stops after its current step and saves a checkpoint.
    const first = start(args);
    await waitFor(() => existsSync(checkpoint), 90_000);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toContain(`continue with: aecnn train --resume ${dir}`);
    // It stopped within epoch 2 (after a step), not at its end.
    expect(stopped.stderr).toContain('SIGINT: stopping after this step');
    expect(stopped.stderr).not.toMatch(/epoch 2\/3 {2}loss/);

    // 2. Resumed, then killed outright right after its next checkpoint lands.
    const saved = statSync(checkpoint).mtimeMs;
    const second = start(['train', '--resume', dir, '--json']);
    await waitFor(() => statSync(checkpoint).mtimeMs !== saved, 90_000);
    second.child.kill('SIGKILL');
    const killed = await second.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('');
    expect(existsSync(path.join(dir, 'metrics.json'))).toBe(false);

    // 3. Resumed again: it continues from the last checkpoint and finishes all epochs.
    const resumed = await aecnn('train', '--resume', dir, '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = json<TrainSummary>(resumed);
    expect(summary.epochs).toBe(3);
    expect(summary.trainSamples).toBe(600);
    // The kill came right after a checkpoint, so at most the epoch in progress was lost.
    expect(summary.resumedFromEpoch).toBeGreaterThanOrEqual(1);
    expect(summary.resumedFromEpoch).toBeLessThan(3);
    expect(resumed.stderr).toContain(`resumed from the checkpoint after epoch ${summary.resumedFromEpoch}`);
    const metrics = readJson<{ history: { epoch: number }[] }>(dir, 'metrics.json');
    expect(metrics.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(summary.test.accuracy).toBeGreaterThan(0.3);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
  }, 180_000);

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
