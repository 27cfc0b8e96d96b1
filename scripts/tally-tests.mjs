// Sums vitest's "Tests  N failed | N passed | N skipped (T)" lines from CI logs and prints one closing line,
// "N passed, N failed, N skipped", so a reader (or a log parser) sees the whole run's count at the end.
// Usage: node scripts/tally-tests.mjs LOG...
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours vitest writes
  const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  for (const line of text.split('\n')) {
    const m = /^(?:\S+:\s+)?\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
  }
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
