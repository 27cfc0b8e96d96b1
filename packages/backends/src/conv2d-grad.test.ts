import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import './index';
import { dilateFilter } from './conv2d-grad';
import { loadBackends, parity, randomInput, runOn } from './testing/parity';

const TOL = 1e-4;
let seed = 100;
const rnd = (shape: number[]) => randomInput(shape, seed++);

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  outC: number;
  s: number;
  pad: 'same' | 'valid';
  d: number;
}

const CASES: Case[] = [];
for (const x of [
  [2, 9, 9, 3],
  [3, 8, 7, 2],
  [1, 6, 6, 1],
] as [number, number, number, number][])
  for (const s of [1, 2])
    for (const pad of ['same', 'valid'] as const)
      for (const d of s === 1 ? [1, 2] : [1])
        for (const k of [
          [3, 3],
          [2, 3],
          [1, 1],
        ] as [number, number][])
          for (const outC of [1, 4]) CASES.push({ x, k, outC, s, pad, d });

const name = (c: Case) => `x=${c.x} k=${c.k} outC=${c.outC} s=${c.s} ${c.pad} d=${c.d}`;

beforeAll(loadBackends);

describe('conv2d gradients: wasm equals cpu within 1e-4 relative', () => {
  it.each(['x', 'filter'] as const)(
    'd/d%s over strides 1-2, same/valid, dilation 2, 1-4 channels, batch 1-3',
    async (wrt) => {
      const bad: string[] = [];
      for (const c of CASES) {
        const f = (x: tf.Tensor, w: tf.Tensor) => {
          const loss = (x: tf.Tensor, w: tf.Tensor) => {
            const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad, 'NHWC', c.d);
            return tf.sum(tf.mul(y, tf.reshape(tf.sin(tf.range(0, y.size)), y.shape)));
          };
          return tf.grads(loss)([x, w])[wrt === 'x' ? 0 : 1]!;
        };
        const p = await parity(f as never, [rnd(c.x), rnd([...c.k, c.x[3], c.outC])]);
        if (String(p.cpuShapes) !== String(p.wasmShapes) || !(p.worst <= TOL)) {
          bad.push(`${name(c)}: ${p.worst.toExponential(2)}`);
        }
      }
      expect(bad).toEqual([]);
    },
  );
});

describe('conv2d gradient with dilation (tfjs refuses it; ours allows it)', () => {
  it('is the exact adjoint of the dilated conv: <conv(x, w), dy> = <x, dx> = <w, dW>', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      for (const [s, d, pad] of [
        [1, 2, 'same'],
        [1, 3, 'valid'],
        [1, 2, 'valid'],
      ] as const) {
        const [x, w] = [rnd([2, 9, 8, 3]), rnd([3, 2, 3, 4])];
        const out = await runOn(
          backend,
          (x, w) => {
            const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad, 'NHWC', d);
            const dy = tf.reshape(tf.cos(tf.range(0, y.size)), y.shape);
            const [dx, dw] = tf.grads((x, w) =>
              tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad, 'NHWC', d), dy)),
            )([x!, w!]);
            return [tf.sum(tf.mul(y, dy)), tf.sum(tf.mul(x!, dx!)), tf.sum(tf.mul(w!, dw!))];
          },
          [x, w],
        );
        const [lhs, viaX, viaW] = out.map((o) => o.values[0]!);
        expect(Math.abs(viaX! - lhs!)).toBeLessThan(1e-4 * Math.abs(lhs!) + 1e-4);
        expect(Math.abs(viaW! - lhs!)).toBeLessThan(1e-4 * Math.abs(lhs!) + 1e-4);
      }
    }
  });

  it('dilateFilter spreads the taps with zeros: [[1,2],[3,4]] at rate 2 is 3x3', async () => {
    const [out] = await runOn('cpu', (f) => dilateFilter(f as tf.Tensor4D, [2, 2]), [
      { shape: [2, 2, 1, 1], values: new Float32Array([1, 2, 3, 4]) },
    ]);
    expect(out!.shape).toEqual([3, 3, 1, 1]);
    expect(Array.from(out!.values)).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });
});
