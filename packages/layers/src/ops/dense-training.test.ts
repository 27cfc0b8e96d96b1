import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ActivationName, activate } from '../activations';
import { seededInput } from '../testing/check-module';
import { backend } from '../testing/setup';
import { trainingDense } from './dense-training';

afterAll(() => backend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('trainingDense', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`matches matMul + add + activation in value and every gradient within 1e-4 on ${name}`, async () => {
      await backend(name);
      // [rows, features, units]: a wide layer (kernel larger than dz: the transposed input gradient) and a narrow one
      const shapes: Array<[number, number, number]> = [
        [4, 50, 6],
        [9, 3, 5],
      ];
      for (const [rows, features, units] of shapes) {
        for (const act of ['relu', 'sigmoid', 'linear', 'tanh'] as ActivationName[]) {
          for (const withBias of [true, false]) {
            const x = seededInput([rows, features], 1) as tf.Tensor2D;
            const k = seededInput([features, units], 2, 0.3) as tf.Tensor2D;
            const b = seededInput([units], 3, 0.3);
            const r = tf.tidy(() => tf.reshape(tf.sin(tf.range(0, rows * units)), [rows, units]));
            const run = (ours: boolean) =>
              tf.tidy(() => {
                const f = (xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) => {
                  const bias = withBias ? bi : undefined;
                  const y = ours
                    ? trainingDense(xi as tf.Tensor2D, ki as tf.Tensor2D, bias, act)
                    : activate(
                        tf.add(tf.matMul(xi as tf.Tensor2D, ki as tf.Tensor2D), withBias ? bi : 0),
                        act,
                      );
                  return tf.sum(tf.mul(tf.add(y, tf.mul(bi, 0)), r));
                };
                const { value, grads } = tf.valueAndGrads(f)([x, k, b]);
                return [value, ...grads];
              });
            const ours = run(true);
            const ref = run(false);
            const where = `${name} ${rows}x${features}x${units} ${act} bias ${withBias}`;
            ours.forEach((t, i) => {
              expect(t.shape, where).toEqual(ref[i]!.shape);
              expect(maxAbsDiff(t, ref[i]!), `${where} output ${i}`).toBeLessThan(1e-4);
            });
            tf.dispose([x, k, b, r, ...ours, ...ref]);
          }
        }
      }
    });
  }
});
