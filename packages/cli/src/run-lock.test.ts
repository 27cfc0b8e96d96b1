import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunDir, RUN_LOCK } from './run-lock';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'aecnn-lock-'));

describe('claimRunDir', () => {
  it('holds the pid; a second claim while it is held names it; release removes the lock and the new folder', async () => {
    const dir = path.join(tmp, 'a');
    const release = await claimRunDir(dir);
    expect(readFileSync(path.join(dir, RUN_LOCK), 'utf8').trim()).toBe(String(process.pid));
    await expect(claimRunDir(dir)).rejects.toThrow(
      `${dir} is being written by another aecnn train (pid ${process.pid}, see ${RUN_LOCK}); wait for it to finish or pick another --out`,
    );
    await release();
    expect(existsSync(dir)).toBe(false);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = path.join(tmp, 'b');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, RUN_LOCK), `${gone.stdout}\n`);
    const again = await claimRunDir(dir);
    expect(readFileSync(path.join(dir, RUN_LOCK), 'utf8').trim()).toBe(String(process.pid));
    await again();
    expect(existsSync(path.join(dir, RUN_LOCK))).toBe(false);
    expect(existsSync(dir)).toBe(true); // it existed before this claim: kept
  });
});
