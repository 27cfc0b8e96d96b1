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

it('the U-Net example restores an odd 27x29 input, rebuilds identically and explains a too-deep depth', () => {
  const lines = runReadmeExample(PKG_DIR, 1).trim().split('\n');
  expect(lines[0]).toBe('[ 2, 7, 8, 64 ] [ 2, 27, 29, 1 ]');
  expect(lines[1]).toBe('118945 true');
  expect(lines[2]).toBe('rebuilt identical true');
  expect(lines[3]).toBe(
    'unetDenoiser: depth 6 needs 6 halvings, but a 28x28 input halves only 5 times (28x28 → 14x14 → 7x7 → 4x4 → 2x2 → 1x1); use depth <= 5 or a larger input',
  );
}, 60_000);
