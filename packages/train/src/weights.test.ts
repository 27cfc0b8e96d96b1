import { useBackend } from '@aecnn/backends';
import { build, dense, namedParams, sequential } from '@aecnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWeights, restoreWeights } from './weights';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('restoreWeights', () => {
  it('restores a checkpoint through setWeights, and assigns nothing when one weight is wrong', async () => {
    const net = () => sequential([dense({ units: 3, name: 'a' }), dense({ units: 2, name: 'b' })]);
    const saved = await readWeights(namedParams(build(net(), [4], { seed: 1 })));
    const params = namedParams(build(net(), [4], { seed: 2 }));
    const before = [...params.values()].map((v) => Array.from(v.dataSync()));
    const bad = { ...saved, 'b/kernel': { ...saved['b/kernel']!, shape: [2, 3] } };
    expect(() => restoreWeights(params, bad)).toThrow(
      "fit: resume: setWeights from the checkpoint: 1 problem(s):\n  weight 'b/kernel': expected [3, 2] float32, got [2, 3] float32",
    );
    const typed = { ...saved, 'a/bias': { ...saved['a/bias']!, dtype: 'int32' as const } };
    expect(() => restoreWeights(params, typed, 'fit: restoreBest')).toThrow(
      /^fit: restoreBest: setWeights from the checkpoint: 1 problem\(s\):\n {2}weight 'a\/bias': expected \[3\] float32, got \[3\] int32$/,
    );
    expect([...params.values()].map((v) => Array.from(v.dataSync()))).toEqual(before);
    restoreWeights(params, saved);
    expect([...params.values()].map((v) => Array.from(v.dataSync()))).toEqual(
      Object.values(saved).map((w) => Array.from(w.values)),
    );
  });
});
