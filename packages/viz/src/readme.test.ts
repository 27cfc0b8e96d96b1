import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/run-readme-example.mjs';

const PKG_DIR = `${import.meta.dirname}/..`;

it('the README example runs against the built package and prints what it says', () => {
  const out = runReadmeExample(PKG_DIR);
  expect(out.trim().split('\n')).toEqual([
    'loss.png report.html roc.png samples.png',
    'samples.png true true',
    'confusion row 3: 0 0 2 0',
    'cells 16',
    'points 8',
    'PC1 share > 0.99: true',
    'bars 4',
  ]);
});
