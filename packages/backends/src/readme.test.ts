import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/run-readme-example.mjs';

const PKG_DIR = `${import.meta.dirname}/..`;

it('the README example runs against the built package and prints what it says', () => {
  const out = runReadmeExample(PKG_DIR);
  expect(out).toMatch(/^wasm \[ 3, 3, 1, 4 \]$/m);
});
