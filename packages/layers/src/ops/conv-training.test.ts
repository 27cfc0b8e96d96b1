import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivationName } from '../activations';
import { activate } from '../activations';
import type { Padding } from '../conv-shape';
import { seededInput } from '../testing/check-module';
import { backend } from '../testing/setup';
import { biasActivation, biasGrad } from './bias-activation';
import { trainingConv2d } from './conv-training';

afterAll(() => backend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** Value and gradients (input, kernel, bias) of sum(f(x, k, b) * r) for a fixed weighting r. */
function grads(
  f: (x: tf.Tensor4D, k: tf.Tensor4D, b: tf.Tensor) => tf.Tensor,
  x: tf.Tensor4D,
  k: tf.Tensor4D,
  b: tf.Tensor,
) {
  return tf.tidy(() => {
    const loss = (xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) => {
      const y = f(xi as tf.Tensor4D, ki as tf.Tensor4D, bi);
      return tf.sum(tf.mul(y, tf.reshape(tf.sin(tf.range(0, y.size)), y.shape)));
    };
    const { value, grads: g } = tf.valueAndGrads(loss)([x, k, b]);
    return { value: tf.keep(value), dx: tf.keep(g[0]!), dk: tf.keep(g[1]!), db: tf.keep(g[2]!) };
  });
}

const plainConv =
  (strides: [number, number], padding: Padding, act: ActivationName) =>
  (x: tf.Tensor4D, k: tf.Tensor4D, b: tf.Tensor) =>
    activate(tf.add(tf.conv2d(x, k, strides, padding), b), act);

describe('trainingConv2d and biasActivation', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`match the plain conv + add + activation in value and every gradient within 1e-4 on ${name}`, async () => {
      await backend(name);
      const cases: Array<[number[], number[], [number, number], Padding, ActivationName]> = [
        [[2, 9, 9, 1], [3, 3, 1, 4], [1, 1], 'valid', 'relu'], // patch path, the article's first layer
        [[2, 8, 8, 3], [3, 3, 3, 5], [2, 2], 'same', 'sigmoid'], // patch path, strided and padded
        [[2, 7, 6, 2], [2, 3, 2, 3], [1, 2], 'same', 'linear'], // patch path, uneven kernel and strides
        [[2, 8, 8, 6], [3, 3, 6, 4], [1, 1], 'same', 'relu'], // deeper input: Conv2DBackpropFilter
        [[2, 9, 8, 6], [3, 3, 6, 4], [2, 2], 'same', 'relu'], // strided: sub-pixel input gradient
        [[2, 9, 9, 5], [3, 2, 5, 3], [2, 3], 'valid', 'sigmoid'],
        [[2, 8, 8, 6], [3, 3, 6, 4], [2, 2], 'valid', 'elu'], // activation without a fast gradient
        // 16k filters: on wasm aecnn's SIMD kernel gradient (padded input for 'same')
        [[2, 10, 10, 1], [3, 3, 1, 16], [2, 2], 'same', 'relu'],
        [[2, 7, 9, 3], [2, 3, 3, 32], [1, 2], 'same', 'sigmoid'],
        [[2, 9, 9, 2], [3, 3, 2, 16], [1, 1], 'valid', 'linear'],
        [[2, 9, 8, 8], [3, 3, 8, 32], [2, 2], 'same', 'relu'], // deep input, 32 filters: the SIMD kernel on wasm
      ];
      for (const [xs, ks, strides, padding, act] of cases) {
        const x = seededInput(xs, 1) as tf.Tensor4D;
        const k = seededInput(ks, 2, 0.5) as tf.Tensor4D;
        const b = seededInput([ks[3]!], 3, 0.5);
        const ours = grads((xi, ki, bi) => trainingConv2d(xi, ki, bi, strides, padding, act), x, k, b);
        const ref = grads(plainConv(strides, padding, act), x, k, b);
        const where = `${name} ${xs} ${ks} ${strides} ${padding} ${act}`;
        expect(Math.abs(ours.value.dataSync()[0]! - ref.value.dataSync()[0]!), where).toBeLessThan(1e-4);
        for (const g of ['dx', 'dk', 'db'] as const) {
          expect(ours[g].shape, `${where} ${g}`).toEqual(ref[g].shape);
          expect(maxAbsDiff(ours[g], ref[g]), `${where} ${g}`).toBeLessThan(1e-4);
        }
        tf.dispose([x, k, b, ...Object.values(ours), ...Object.values(ref)]);
      }
    });
  }

  it('biasActivation without a bias and on dense rows matches the plain ops', async () => {
    await backend('wasm');
    const z = seededInput([5, 7], 4);
    const b = seededInput([7], 5);
    for (const act of ['relu', 'sigmoid', 'linear'] as const) {
      const f = (withBias: boolean, ours: boolean) =>
        tf.tidy(
          () =>
            tf.grads((zi: tf.Tensor, bi: tf.Tensor) => {
              const y = ours
                ? biasActivation(zi, withBias ? bi : undefined, act)
                : activate(withBias ? tf.add(zi, bi) : tf.add(zi, tf.mul(bi, 0)), act);
              return tf.sum(tf.mul(y, tf.reshape(tf.cos(tf.range(0, 35)), [5, 7])));
            })([z, b])[0]!,
        );
      expect(maxAbsDiff(f(true, true), f(true, false)), act).toBeLessThan(1e-5);
      const noBias = tf.tidy(() =>
        tf.grad((zi: tf.Tensor) => tf.sum(tf.mul(biasActivation(zi, undefined, act), 2)))(z),
      );
      const plain = tf.tidy(() => tf.grad((zi: tf.Tensor) => tf.sum(tf.mul(activate(zi, act), 2)))(z));
      expect(maxAbsDiff(noBias, plain), `${act} without bias`).toBeLessThan(1e-5);
      tf.dispose([noBias, plain]);
    }
    tf.dispose([z, b]);
  });

  it('biasGrad sums over every axis but the last (4-D through an average pool)', async () => {
    for (const name of ['cpu', 'wasm'] as const) {
      await backend(name);
      for (const shape of [
        [3, 5, 4, 6],
        [2, 1, 1, 3],
        [4, 6],
      ]) {
        const dz = seededInput(shape, 7);
        const ours = biasGrad(dz);
        const ref = tf.sum(dz, [...Array(shape.length - 1).keys()]);
        expect(ours.shape).toEqual([shape.at(-1)]);
        expect(maxAbsDiff(ours, ref), `${name} ${shape}`).toBeLessThan(1e-4);
        tf.dispose([dz, ours, ref]);
      }
    }
  });

  it('computes no input gradient for an input that needs none (a first layer)', async () => {
    await backend('wasm');
    const x = seededInput([2, 9, 9, 1], 1) as tf.Tensor4D;
    const k = tf.variable(seededInput([3, 3, 1, 4], 2));
    const profile = await tf.profile(() => {
      const { value, grads: g } = tf.variableGrads(() =>
        tf.sum(trainingConv2d(x, k as tf.Tensor4D, undefined, [1, 1], 'valid', 'relu')),
      );
      tf.dispose([value, ...Object.values(g)]);
    });
    const kernels = profile.kernels.map((p) => p.name);
    expect(kernels).toContain('DepthwiseConv2dNative'); // the kernel gradient's patches
    expect(kernels).not.toContain('Conv2DBackpropInput');
    tf.dispose([x, k]);
  });

  it('leaks no tensor across training steps', async () => {
    await backend('wasm');
    const x = seededInput([2, 9, 9, 1], 1) as tf.Tensor4D;
    const k = tf.variable(seededInput([3, 3, 1, 4], 2));
    const b = tf.variable(tf.zeros([4]));
    const step = () => {
      const { value, grads: g } = tf.variableGrads(() =>
        tf.sum(trainingConv2d(x, k as tf.Tensor4D, b, [1, 1], 'valid', 'relu')),
      );
      tf.dispose([value, ...Object.values(g)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, k, b]);
  });
});
