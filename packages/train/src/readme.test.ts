import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('trains a fusion model with 100 labels, checkpoints it and evaluates it', () => {
    const pkg = path.join(import.meta.dirname, '..');
    const out = execFileSync(process.execPath, ['../../scripts/run-readme-example.mjs', pkg], {
      cwd: pkg,
      encoding: 'utf8',
    });
    expect(out).toMatch(/epoch 0: reconstruction 0\.0\d+/);
    expect(out).toMatch(/epoch 2: reconstruction 0\.0\d+/);
    expect(out).toContain('steps 192, completed');
    expect(out).toContain('test accuracy > 0.4, psnr > 11 dB');
  }, 120_000);
});
