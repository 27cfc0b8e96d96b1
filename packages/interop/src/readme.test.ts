import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/run-readme-example.mjs';

const PKG_DIR = `${import.meta.dirname}/..`;

it('runs the README example: export to a folder, import back, output shape [10]', () => {
  const out = runReadmeExample(PKG_DIR);
  expect(out).toMatch(/\[ 10 \]/);
});

it('runs the README ONNX example: onnxruntime-web gives [2, 10] probabilities', () => {
  const out = runReadmeExample(PKG_DIR, 1);
  expect(out).toMatch(/\[ 2, 10 \]/);
});
