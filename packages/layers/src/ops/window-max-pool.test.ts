import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seededInput } from '../testing/check-module';
import { backend } from '../testing/setup';
import { windowMaxPool } from './window-max-pool';

afterAll(() => backend('cpu'));

/** Value and input gradient of sum(pool(x) * r), with our pool or tf.maxPool. */
function run(x: tf.Tensor4D, p: [number, number], ours: boolean) {
  return tf.tidy(() => {
    const f = (t: tf.Tensor) => {
      const y = ours ? windowMaxPool(t as tf.Tensor4D, p) : tf.maxPool(t as tf.Tensor4D, p, p, 'valid');
      return tf.sum(tf.mul(y, tf.reshape(tf.range(0, y.size), y.shape)));
    };
    const { value, grad } = tf.valueAndGrad(f)(x);
    return { value: value.dataSync()[0]!, grad: Array.from(grad.dataSync()) };
  });
}

describe('windowMaxPool', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`matches tf.maxPool's value and gradient on ${name} (even and odd sizes)`, async () => {
      await backend(name);
      for (const [shape, p] of [
        [
          [2, 6, 4, 3],
          [2, 2],
        ],
        [
          [1, 7, 5, 2],
          [2, 2],
        ],
        [
          [1, 6, 6, 1],
          [3, 2],
        ],
      ] as Array<[[number, number, number, number], [number, number]]>) {
        const x = seededInput(shape, 1) as tf.Tensor4D;
        const ours = run(x, p, true);
        const ref = run(x, p, false);
        expect(ours.value).toBeCloseTo(ref.value, 4);
        expect(ours.grad).toEqual(ref.grad);
        x.dispose();
      }
    });
  }

  it('sends the gradient of a tied window to its first maximum, as TensorFlow', async () => {
    await backend('cpu');
    const x = tf.tensor4d([1, 1, 1, 1, 0, 2, 2, 0], [1, 2, 4, 1]);
    // windows [1, 1; 0, 2] → max 2 at (1, 1); [1, 1; 2, 0] → first max 2 at (1, 0)
    const g = tf.grad((t: tf.Tensor) => tf.sum(windowMaxPool(t as tf.Tensor4D, [2, 2])))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0, 0, 1, 1, 0]);
    const ties = tf.grad((t: tf.Tensor) => tf.sum(windowMaxPool(t as tf.Tensor4D, [2, 2])))(
      tf.ones([1, 2, 2, 1]),
    );
    expect(Array.from(ties.dataSync())).toEqual([1, 0, 0, 0]);
  });
});
