import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/run-readme-example.mjs';

const PKG_DIR = `${import.meta.dirname}/..`;

it('the README example runs against the built package and prints what it says', () => {
  const out = runReadmeExample(PKG_DIR);
  expect(out).toMatch(/^8000 2000 100 28x28x1$/m);
  expect(out).toMatch(/^steps 16 labeled 100 leaked 0$/m);
}, 60_000);
