import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('the built main entry bundles for browsers, with no Node modules and the digits in a lazy chunk', async () => {
  const result = await build({
    entryPoints: [path.join(pkgDir, 'dist', 'index.js')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    outdir: path.join(pkgDir, 'bundle-test-out'),
    write: false,
    external: ['@tensorflow/tfjs-core'],
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const files = result.outputFiles.map((f) => ({ name: path.basename(f.path), text: f.text }));
  for (const f of files) {
    expect(f.text).not.toMatch(/from ["']node:|require\(["'](node:)?(fs|zlib|path|stream)["']\)/);
  }
  const entry = files.find((f) => f.name === 'index.js')!;
  expect(entry.text.length).toBeLessThan(200_000); // the 2.1 MB of digits are not in the entry...
  expect(entry.text).toMatch(/import\(["']\.\/mnist-digits/); // ...but loaded on first mnist() call
  expect(files.some((f) => f.name.startsWith('mnist-digits') && f.text.length > 2_000_000)).toBe(true);
}, 60_000);
