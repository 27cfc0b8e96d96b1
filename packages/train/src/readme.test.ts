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
    const recon = [...out.matchAll(/epoch (\d): reconstruction (0\.\d+)/g)].map((m) => Number(m[2]));
    expect(recon).toHaveLength(3);
    // measured 0.1158, 0.0614, 0.0561
    expect(recon[2]!).toBeLessThan(recon[0]!);
    expect(out).toContain('steps 192, completed');
    expect(out).toContain('test accuracy > 0.4, psnr > 11 dB');
  }, 120_000);

  it('scores held-out digits by reconstruction error of an autoencoder trained on zeros', () => {
    const pkg = path.join(import.meta.dirname, '..');
    const out = execFileSync(process.execPath, ['../../scripts/run-readme-example.mjs', pkg, '1'], {
      cwd: pkg,
      encoding: 'utf8',
    });
    expect(out).toBe('500 scores, ROC AUC > 0.9: true\naverage precision > 0.95: true\n');
  }, 120_000);
});
