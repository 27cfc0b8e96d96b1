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
  expect(out).toMatch(/^8000 2000 100 28x28x1$/m);
  expect(out).toMatch(/^steps 16 labeled 100 leaked 0$/m);
}, 60_000);
