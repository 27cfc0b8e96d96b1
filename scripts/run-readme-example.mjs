// Runs the first ```ts (or ```js) block of a package's README as an ES module from inside that package,
// so the example's `import ... from '<the package>'` resolves to the built package itself.
// From a shell: node scripts/run-readme-example.mjs packages/<name> [n]   (prints what the n-th example, default 0, prints)
// From a test:  import { runReadmeExample } from '../../../scripts/run-readme-example.mjs'
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the `index`-th (default first) example of the package in `pkgDir`'s README; returns what it printed. */
export function runReadmeExample(pkgDir, index = 0) {
  const dir = path.resolve(pkgDir);
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```(ts|typescript|js)\n([\s\S]*?)```/g)][index];
  if (!block) throw new Error(`${dir}/README.md: no \`\`\`ts example block number ${index} found`);
  const require = createRequire(path.join(dir, 'package.json'));
  const esbuild = require(require.resolve('esbuild', { paths: [dir, path.join(dir, '..', '..')] }));
  const { code } = esbuild.transformSync(block[2], { loader: 'ts', format: 'esm', target: 'es2022' });
  const tmp = mkdtempSync(path.join(dir, '.readme-'));
  const file = path.join(tmp, 'example.mjs');
  try {
    writeFileSync(file, code);
    return execFileSync(process.execPath, [file], {
      cwd: tmp,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(runReadmeExample(process.argv[2] ?? '.', Number(process.argv[3] ?? 0)));
}
