// In a fresh Node process, as a user's script starts: before useBackend and on the cpu backend.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE = path.resolve(import.meta.dirname, '..');

function runScript(script: string): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('a fresh process', () => {
  it("backendInfo says 'none' before any backend; cpu prints no tfjs-node banner", () => {
    const { stdout, stderr } = runScript(`
      import * as tf from '@tensorflow/tfjs-core';
      import { backendInfo, useBackend } from './dist/index.js';
      console.log(backendInfo().name);
      await useBackend('cpu');
      tf.tensor([1, 2]).dispose();
      console.log(backendInfo().name);
    `);
    expect(stdout.trim().split('\n')).toEqual(['none', 'cpu']);
    expect(stderr).not.toContain('tfjs-node');
    expect(stderr).toBe('');
  });
});
