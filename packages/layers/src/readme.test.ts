import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');

const run = (index: number) =>
  execFileSync(
    process.execPath,
    [path.join(pkgDir, '../../scripts/run-readme-example.mjs'), pkgDir, String(index)],
    {
      encoding: 'utf8',
    },
  );

describe('README examples', () => {
  it('builds the U-Net denoiser and the residual CNN as graphs, and reloads the U-Net identically', () => {
    const out = run(0);
    expect(out).toMatch(/^graph unet: inputs noisy$/m);
    expect(out).toMatch(
      /^concatenate1\s+concatenate\s+\(None, 16, 16, 96\)\s+0\s+upSampling2d1, convBlock2$/m,
    );
    expect(out).toMatch(/^conv2d1\s+conv2d\s+\(None, 32, 32, 3\)\s+51\s+convBlock5$/m);
    expect(out).toContain('Outputs: reconstruction ← conv2d1');
    expect(out).toMatch(/outputs reconstruction params \d+ resnet params \d+/);
    expect(out).toContain('reconstruction 2x32x32x3 reloaded identical true');
  }, 60_000);

  it('runs against the built package and prints the article classifier', () => {
    const out = run(1);
    expect(out).toContain('params 347146 output 2x10');
    expect(out).toContain('(None, 26, 26, 32)');
    expect(out).toContain('(None, 5408)');
    expect(out).toContain('Total params: 347,146');
    expect(out).toContain('reloaded identical true');
  }, 60_000);
});
