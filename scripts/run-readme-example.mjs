// Runs the first ```ts (or ```js) block of a package's README as an ES module from inside that package,
// so the example's `import ... from '<the package>'` resolves to the built package itself.
// Usage: node scripts/run-readme-example.mjs packages/<name>   (prints what the example prints)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const pkgDir = path.resolve(process.argv[2] ?? '.');
const readme = readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
const block = /```(ts|typescript|js)\n([\s\S]*?)```/.exec(readme);
if (!block) throw new Error(`${pkgDir}/README.md: no \`\`\`ts example block found`);
const require = createRequire(path.join(pkgDir, 'package.json'));
const esbuild = require(require.resolve('esbuild', { paths: [pkgDir, path.join(pkgDir, '..', '..')] }));
const { code } = esbuild.transformSync(block[2], { loader: 'ts', format: 'esm', target: 'es2022' });
const dir = mkdtempSync(path.join(pkgDir, '.readme-'));
const file = path.join(dir, 'example.mjs');
try {
  writeFileSync(file, code);
  process.stdout.write(
    execFileSync(process.execPath, [file], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
