import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from './checkpoint';
import { fileStore } from './node';

const dir = mkdtempSync(path.join(tmpdir(), 'aecnn-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const child = path.join(import.meta.dirname, 'fixtures', 'train-child.mjs');
function train(file: string, crashAt: number, resume: boolean) {
  // Runs from the package directory so that `@aecnn/train` resolves to this package's built dist.
  return spawnSync(process.execPath, [child, file, String(crashAt), resume ? '1' : '0'], {
    cwd: path.join(import.meta.dirname, '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('fileStore', () => {
  it('writes through a temporary file and rename, and load ignores (and removes) stale temporary files', async () => {
    const file = path.join(dir, 'a', 'run.ckpt');
    const store = fileStore(file);
    expect(await store.load()).toBeUndefined();
    await store.save(new Uint8Array([1, 2, 3]));
    await store.save(new Uint8Array([4, 5]));
    writeFileSync(`${file}.tmp-dead`, new Uint8Array([9]));
    expect(Array.from((await store.load())!)).toEqual([4, 5]);
    expect(readdirSync(path.dirname(file))).toEqual(['run.ckpt']);
  });

  it('a training process killed mid-save resumes from the last good checkpoint and ends bit-identical', () => {
    const whole = train(path.join(dir, 'whole.ckpt'), 0, false);
    expect(whole.status, whole.stderr).toBe(0);
    const expected = JSON.parse(whole.stdout);
    expect(expected.step).toBe(32); // 4 epochs of ceil(120 / 16) = 8 batches

    const file = path.join(dir, 'crash.ckpt');
    // saves: steps 3, 6, (epoch end 8), 9, 12, 15, (16) ... the 5th save (step 12) dies half-written
    const crashed = train(file, 5, false);
    expect(crashed.signal).toBe('SIGKILL');
    expect(existsSync(`${file}.tmp-crashed`)).toBe(true);
    const last = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    expect(last).toMatchObject({ step: 9, epoch: 1, stepInEpoch: 1 });

    const resumed = train(file, 0, true);
    expect(resumed.status, resumed.stderr).toBe(0);
    const got = JSON.parse(resumed.stdout);
    expect(got.resumedFrom).toEqual({ epoch: 1, step: 9 });
    expect(got.step).toBe(32);
    expect(got.weights).toEqual(expected.weights);
    expect(existsSync(`${file}.tmp-crashed`)).toBe(false);
  }, 90_000);
});
