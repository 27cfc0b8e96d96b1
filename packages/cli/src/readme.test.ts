import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');

describe('README example', () => {
  it('trains, evaluates the saved model and gets the same accuracy', () => {
    const out = execFileSync(process.execPath, ['../../scripts/run-readme-example.mjs', pkgDir], {
      cwd: pkgDir,
      encoding: 'utf8',
    });
    expect(out).toBe('fusion 500 2000\ntrue\n');
  }, 120_000);
});
