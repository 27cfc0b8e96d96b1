import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');

describe('README example', () => {
  it('runs against the built package and prints the article classifier', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(pkgDir, '../../scripts/run-readme-example.mjs'), pkgDir],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toContain('params 347146 output 2x10');
    expect(out).toContain('(None, 26, 26, 32)');
    expect(out).toContain('(None, 5408)');
    expect(out).toContain('Total params: 347,146');
    expect(out).toContain('reloaded identical true');
  }, 60_000);
});
