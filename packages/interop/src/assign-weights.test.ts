import { useBackend } from '@aecnn/backends';
import { build, conv2d, dense, flatten, namedParams, sequential } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignKerasWeights } from './assign-weights';
import type { ImportedLayer } from './from-keras';

beforeAll(async () => {
  await useBackend('cpu');
});

const net = () =>
  sequential([conv2d({ filters: 2, kernelSize: 3, name: 'c' }), flatten(), dense({ units: 2, name: 'd' })]);
const kw = { kernel: 'kernel', bias: 'bias' };
const layers = [
  { name: 'c', weights: kw },
  { name: 'd', weights: kw },
] as unknown as ImportedLayer[];

describe('assignKerasWeights', () => {
  it('checks every Keras weight first: one bad weight among several is named and nothing is assigned', () => {
    const m = build(net(), [5, 5, 1], { seed: 1 });
    const params = namedParams(m);
    const before = [...params.values()].map((v) => Array.from(v.dataSync()));
    // Keras names behind a scope prefix and a `:0` suffix, as tfjs-layers writes them.
    const keras = (bad: string, shape?: number[]) =>
      new Map(
        [...params].map(([path, v]) => [
          `model/${path}:0`,
          path === bad ? tf.zeros(shape ?? v.shape) : tf.onesLike(v),
        ]),
      );
    const wrong = keras('d/kernel', [18, 3]);
    expect(() => assignKerasWeights(m, layers, wrong)).toThrow(
      "importLayersModel: 1 problem(s):\n  weight 'model/d/kernel:0' has shape [18,3], layer 'd' expects [18,2]",
    );
    const missing = keras('');
    missing.delete('model/c/bias:0');
    expect(() => assignKerasWeights(m, layers, missing)).toThrow(
      /importLayersModel: 1 problem\(s\):\n {2}weight 'c\/bias' is missing from the weights manifest/,
    );
    expect([...params.values()].map((v) => Array.from(v.dataSync()))).toEqual(before);
    const right = keras('');
    assignKerasWeights(m, layers, right);
    expect(Array.from(m.children.d!.params.bias!.dataSync())).toEqual([1, 1]);
    tf.dispose([...wrong.values(), ...missing.values(), ...right.values()]);
  });
});
