import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');

it('the README example runs and prints the shapes and parameter counts it promises', () => {
  const out = execFileSync(process.execPath, ['../../scripts/run-readme-example.mjs', pkgDir], {
    cwd: pkgDir,
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n');
  expect(lines[0]).toBe('[ 2, 32 ] [ 2, 28, 28, 1 ] [ 2, 10 ]');
  expect(lines[1]).toBe("[ 'logits' ] true true");
  expect(lines[2]).toBe('114283 347146');
  expect(lines[3]).toBe('114283');
}, 60_000);
