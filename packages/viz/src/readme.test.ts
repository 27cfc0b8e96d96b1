import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('the README example runs against the built package and prints what it says', () => {
  const out = execFileSync(process.execPath, ['../../scripts/run-readme-example.mjs', '.'], {
    cwd: pkgDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(out.trim().split('\n')).toEqual([
    'loss.png report.html samples.png',
    'samples.png true true',
    'confusion row 3: 0 0 2 0',
    'cells 16',
    'points 8',
    'PC1 share > 0.99: true',
  ]);
});
