import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/run-readme-example.mjs';

const PKG_DIR = `${import.meta.dirname}/..`;

it('the README example runs and prints the shapes and parameter counts it promises', () => {
  const out = runReadmeExample(PKG_DIR);
  const lines = out.trim().split('\n');
  expect(lines[0]).toBe('[ 2, 32 ] [ 2, 28, 28, 1 ] [ 2, 10 ]');
  expect(lines[1]).toBe("[ 'logits' ] true true");
  expect(lines[2]).toBe('114283 347146');
  expect(lines[3]).toBe('114283');
}, 60_000);
