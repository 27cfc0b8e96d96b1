// A small conv net of the kind aecnn trains (conv -> relu -> maxpool -> dilated conv -> conv transpose ->
// bilinear upsample -> avgpool -> dense): its gradients on wasm equal cpu's, and it trains on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import './index';
import { type Input, loadBackends, randomInput, relativeError, runOn } from './testing/parity';

const PARAM_SHAPES = {
  conv1: [3, 3, 2, 6],
  bias1: [6],
  conv2: [3, 3, 6, 6],
  deconv: [3, 3, 4, 6],
  dense: [4 * 4 * 4, 5],
  bias2: [5],
} as const;
type Params = Record<keyof typeof PARAM_SHAPES, tf.Tensor>;
const NAMES = Object.keys(PARAM_SHAPES) as (keyof typeof PARAM_SHAPES)[];

/** [b, 8, 8, 2] -> [b, 5]. Pure: everything it needs comes in. */
function forward(p: Params, x: tf.Tensor): tf.Tensor {
  const h1 = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, p.conv1 as tf.Tensor4D, 1, 'same'), p.bias1)); // [b,8,8,6]
  const pooled = tf.maxPool(h1 as tf.Tensor4D, 2, 2, 'valid'); // [b,4,4,6]
  const h2 = tf.elu(tf.conv2d(pooled, p.conv2 as tf.Tensor4D, 1, 'same', 'NHWC', 2)); // [b,4,4,6]
  const up = tf.conv2dTranspose(h2, p.deconv as tf.Tensor4D, [x.shape[0]!, 8, 8, 4], 2, 'same'); // [b,8,8,4]
  const smooth = tf.image.resizeBilinear(tf.sigmoid(up), [12, 12], false, true); // [b,12,12,4]
  const down = tf.avgPool(smooth, 3, 3, 'valid'); // [b,4,4,4]
  const flat = tf.reshape(down, [x.shape[0]!, 4 * 4 * 4]);
  return tf.fused.matMul({ a: flat as tf.Tensor2D, b: p.dense as tf.Tensor2D, bias: p.bias2 });
}

const loss = (p: Params, x: tf.Tensor, y: tf.Tensor) => tf.mean(tf.square(tf.sub(forward(p, x), y)));

let seed = 500;
const rnd = (shape: readonly number[], scale = 1): Input => {
  const r = randomInput([...shape], seed++);
  return { shape: r.shape, values: r.values.map((v) => v * scale) };
};
const initial = () => NAMES.map((n) => rnd(PARAM_SHAPES[n], 0.5));

beforeAll(loadBackends);

describe('small conv net', () => {
  it('gradients of every parameter and of the input on wasm equal cpu within 1e-4 relative', async () => {
    const inputs = [rnd([3, 8, 8, 2]), rnd([3, 5]), ...initial()];
    const grads = (x: tf.Tensor, y: tf.Tensor, ...ps: tf.Tensor[]) =>
      tf.grads((x, ...ps) => loss(Object.fromEntries(NAMES.map((n, i) => [n, ps[i]!])) as Params, x, y))([
        x,
        ...ps,
      ]);
    const want = await runOn('cpu', grads as never, inputs);
    const got = await runOn('wasm', grads as never, inputs);
    const names = ['x', ...NAMES];
    const errors = Object.fromEntries(
      want.map((w, i) => {
        expect(got[i]!.shape, names[i]).toEqual(w.shape);
        return [names[i], relativeError(w.values, got[i]!.values)];
      }),
    );
    for (const [n, err] of Object.entries(errors)) expect(err, `d/d${n}`).toBeLessThan(1e-4);
    // A non-zero gradient everywhere: the comparison is not of zeros.
    for (const w of want) expect(Math.max(...w.values.map(Math.abs))).toBeGreaterThan(1e-6);
  });

  describe('training on wasm', () => {
    const made: tf.Variable[] = [];
    afterAll(() => {
      for (const v of made) v.dispose();
    });

    it('plain SGD lowers the loss and leaks no tensors', async () => {
      await tf.setBackend('wasm');
      const vars = Object.fromEntries(
        NAMES.map((n, i) => {
          const init = initial()[i]!;
          const v = tf.variable(tf.tensor(init.values, init.shape));
          made.push(v);
          return [n, v];
        }),
      ) as unknown as Params;
      const x = tf.tensor(rnd([8, 8, 8, 2]).values, [8, 8, 8, 2]);
      const y = tf.tensor(rnd([8, 5]).values, [8, 5]);
      const optimizer = tf.train.sgd(0.5);
      const losses: number[] = [];
      const counts: number[] = [];
      for (let step = 0; step < 40; step++) {
        const l = optimizer.minimize(() => loss(vars, x, y) as tf.Scalar, true)!;
        losses.push(l.dataSync()[0]!);
        l.dispose();
        counts.push(tf.memory().numTensors);
      }
      optimizer.dispose();
      x.dispose();
      y.dispose();
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
      // After the first step (which creates nothing lasting with plain SGD), the count never moves.
      expect(new Set(counts.slice(1)).size).toBe(1);
    });
  });
});
