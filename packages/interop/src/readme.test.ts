import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('runs the README example: export to a folder, import back, output shape [10]', () => {
  const root = path.resolve(__dirname, '..');
  const out = execFileSync(
    process.execPath,
    [path.join(root, '../../scripts/run-readme-example.mjs'), root],
    {
      encoding: 'utf8',
    },
  );
  expect(out).toMatch(/\[ 10 \]/);
});
