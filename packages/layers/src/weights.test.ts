import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNorm } from './batch-norm';
import { build } from './build';
import { dense } from './dense';
import { namedParams } from './params';
import { sequential } from './sequential';
import { backend } from './testing/setup';
import { getWeights, setWeights } from './weights';

beforeAll(() => backend('cpu'));

const net = () => sequential([dense({ units: 3, name: 'fc' }), batchNorm({ name: 'bn' })]);

describe('getWeights / setWeights', () => {
  it('copies weights by path between modules (statistics included)', () => {
    const a = build(net(), [2], { seed: 1 });
    const b = build(net(), [2], { seed: 2 });
    a.apply(tf.randomNormal([4, 2]), { training: true }); // moves a's statistics
    const w = getWeights(a);
    expect(Object.keys(w)).toEqual([
      'fc/kernel',
      'fc/bias',
      'bn/gamma',
      'bn/beta',
      'bn/movingMean',
      'bn/movingVariance',
    ]);
    setWeights(b, w);
    const x = tf.randomNormal([2, 2]);
    expect(Array.from(b.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(a.apply(x, { training: false }).dataSync()),
    );
    tf.dispose(Object.values(w));
    // the copies were owned by the caller; the modules still hold their values
    expect(b.children.fc!.params.bias!.isDisposed).toBe(false);
  });

  it('names every missing, mis-shaped and unexpected weight, and assigns nothing', () => {
    const m = build(net(), [2], { seed: 1 });
    const before = Array.from(m.children.fc!.params.kernel!.dataSync());
    const w = getWeights(m);
    delete w['bn/beta'];
    w['fc/kernel'] = tf.zeros([3, 3]);
    w['fc/bias'] = tf.zeros([3], 'int32');
    w.extra = tf.zeros([1]);
    let message = '';
    try {
      setWeights(m, w, { source: 'ckpt/model.json' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('setWeights from ckpt/model.json: 4 problem(s)');
    expect(message).toContain("weight 'fc/kernel': expected [2, 3] float32, got [3, 3] float32");
    expect(message).toContain("weight 'fc/bias': expected [3] float32, got [3] int32");
    expect(message).toContain("missing weight 'bn/beta' (expected [3] float32)");
    expect(message).toContain("unexpected weight 'extra'");
    expect(Array.from(m.children.fc!.params.kernel!.dataSync())).toEqual(before);
    delete w.extra;
    expect(() => setWeights(m, w, { strict: false })).toThrow(/3 problem/);
  });
});

describe('setWeights on named params with plain arrays (a checkpoint restore)', () => {
  it('checks every array, assigns nothing when one is wrong, and names the caller', () => {
    const m = build(net(), [2], { seed: 1 });
    const params = namedParams(m);
    const before = [...params.values()].map((v) => Array.from(v.dataSync()));
    const arrays = Object.fromEntries(
      [...params].map(([path, v]) => [
        path,
        { shape: v.shape, dtype: 'float32' as const, values: new Float32Array(v.size).fill(0.5) },
      ]),
    );
    const bad = { ...arrays, 'bn/gamma': { shape: [3], dtype: 'int32' as const, values: new Int32Array(3) } };
    expect(() =>
      setWeights(params, bad, { where: 'fit: resume: setWeights', source: 'the checkpoint' }),
    ).toThrow(
      "fit: resume: setWeights from the checkpoint: 1 problem(s):\n  weight 'bn/gamma': expected [3] float32, got [3] int32",
    );
    const short = {
      ...arrays,
      'fc/bias': { shape: [3], dtype: 'float32' as const, values: new Float32Array(2) },
    };
    expect(() => setWeights(params, short)).toThrow(
      "weight 'fc/bias': expected [3] float32, got [3] float32 with 2 values",
    );
    expect([...params.values()].map((v) => Array.from(v.dataSync()))).toEqual(before);
    setWeights(params, arrays);
    expect(Array.from(m.children.fc!.params.kernel!.dataSync())).toEqual(new Array(6).fill(0.5));
  });
});
