import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { flatten } from './flatten';
import { disposeParams, freeze, namedParams, paramCount, trainableVariables } from './params';
import { sequential } from './sequential';
import { summary } from './summary';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

const net = () =>
  sequential([
    conv2d({ filters: 4, kernelSize: 3, name: 'conv' }),
    flatten(),
    dense({ units: 3, name: 'fc' }),
  ]);

describe('params', () => {
  it('one seed gives bit-identical weights; another seed differs', () => {
    const a = build(net(), [6, 6, 2], { seed: 42 });
    const b = build(net(), [6, 6, 2], { seed: 42, name: 'renamed' });
    const c = build(net(), [6, 6, 2], { seed: 43 });
    const pa = namedParams(a);
    const pb = namedParams(b);
    for (const [path, v] of pa) {
      expect(
        Buffer.from(v.dataSync().buffer).equals(Buffer.from(pb.get(path)!.dataSync().buffer)),
        path,
      ).toBe(true);
    }
    expect(Array.from(namedParams(c).get('conv/kernel')!.dataSync())).not.toEqual(
      Array.from(pa.get('conv/kernel')!.dataSync()),
    );
    // distinct layers draw distinct streams even with equal shapes
    expect(
      pa
        .get('fc/bias')!
        .dataSync()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('glorotUniform stays within its limit and tfjs variable names stay unique', () => {
    const m = build(net(), [6, 6, 2], { seed: 1 });
    const k = namedParams(m).get('conv/kernel')!;
    const limit = Math.sqrt(6 / (3 * 3 * 2 + 3 * 3 * 4));
    expect(Math.max(...Array.from(k.dataSync()).map(Math.abs))).toBeLessThanOrEqual(limit);
    const again = build(net(), [6, 6, 2], { seed: 1 });
    expect(namedParams(again).get('conv/kernel')!.name).not.toBe(k.name);
  });

  it('records of modules prefix paths and count shared modules once', () => {
    const encoder = build(sequential([flatten(), dense({ units: 4, name: 'fc' })]), [2, 2]);
    const head = build(dense({ units: 2 }), [4]);
    const tree = { encoder, classifier: head, again: encoder };
    expect([...namedParams(tree).keys()]).toEqual([
      'encoder/fc/kernel',
      'encoder/fc/bias',
      'classifier/kernel',
      'classifier/bias',
    ]);
    expect(paramCount(tree)).toBe(4 * 4 + 4 + 4 * 2 + 2);
    expect(summary(tree)).toContain('Total params: 30');
  });

  it('freeze turns weights off and on for optimizers', () => {
    const encoder = build(net(), [6, 6, 2], { seed: 1 });
    const head = build(dense({ units: 2 }), [3]);
    expect(trainableVariables({ encoder, head })).toHaveLength(6);
    freeze(encoder);
    expect(trainableVariables({ encoder, head })).toHaveLength(2);
    expect(paramCount({ encoder, head }, 'nonTrainable')).toBe(paramCount(encoder));
    expect(summary(encoder)).toContain(`Trainable params: 0`);
    // a frozen variable gets no gradient from variableGrads' default list
    const { grads, value } = tf.variableGrads(() =>
      tf.sum(head.apply(encoder.apply(tf.ones([1, 6, 6, 2]), { training: true }), { training: true })),
    );
    value.dispose();
    const ids = new Set(Object.keys(grads));
    for (const v of namedParams(encoder).values()) expect(ids.has(v.name)).toBe(false);
    tf.dispose(grads);
    freeze(encoder, false);
    expect(trainableVariables({ encoder, head })).toHaveLength(6);
  });

  it('disposeParams frees every Variable once, shared ones included', () => {
    const before = tf.memory().numTensors;
    const encoder = build(net(), [6, 6, 2], { seed: 1 });
    const head = build(dense({ units: 2 }), [3]);
    expect(tf.memory().numTensors).toBe(before + 6); // one tensor per Variable, nothing else
    disposeParams({ encoder, head, again: encoder });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('namedParams rejects things that are not modules', () => {
    expect(() => namedParams({ encoder: 3 } as never)).toThrow(
      "namedParams: 'encoder' is not a built module",
    );
  });
});
