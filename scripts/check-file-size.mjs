#!/usr/bin/env node
// Fails when a .ts file in packages/*/src or apps/*/src is over MAX_LINES lines (the project's ~300-line rule).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINES = 300;
const root = join(fileURLToPath(import.meta.url), '..', '..');
// Generated files only (embedded wasm / base64 and the like), each with why. None today.
const ALLOWED = new Set([]);

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const over = [];
for (const group of ['packages', 'apps']) {
  for (const pkg of readdirSync(join(root, group))) {
    const src = join(root, group, pkg, 'src');
    if (!statSync(join(root, group, pkg)).isDirectory()) continue;
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of tsFiles(src)) {
      const rel = relative(root, file);
      const lines = readFileSync(file, 'utf8').split('\n').length - 1;
      if (lines > MAX_LINES && !ALLOWED.has(rel)) over.push(`  ${rel}: ${lines} lines`);
    }
  }
}
if (over.length > 0) {
  console.error(
    `check-file-size: ${over.length} file(s) over ${MAX_LINES} lines; split each along its concepts:\n${over.join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `check-file-size: every .ts file in packages/*/src and apps/*/src has at most ${MAX_LINES} lines`,
);
