// Resize and matmul kernels that training uses, on wasm against cpu (see parity.test.ts for the naming).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index';
import {
  type ParityCase as Case,
  disagreements,
  type ParityFn as Fn,
  loadBackends,
  relativeError,
  runOn,
  IMAGE_SHAPES as SHAPES,
  seededInputs,
  PARITY_TOL as TOL,
} from '../testing/parity';

const rnd = seededInputs(1000);
const sumSq = (t: tf.Tensor) => tf.sum(tf.square(t));

beforeAll(loadBackends);

describe('resize kernels', () => {
  const SIZES: [number, number][] = [
    [14, 14],
    [4, 3],
    [16, 12],
    [5, 11],
  ];
  const MODES = [
    { alignCorners: false, halfPixelCenters: false },
    { alignCorners: true, halfPixelCenters: false },
    { alignCorners: false, halfPixelCenters: true },
  ];
  type Method = 'nearest' | 'bilinear';
  const resize = (m: Method, x: tf.Tensor, size: [number, number], ac: boolean, hp: boolean) =>
    m === 'nearest'
      ? tf.image.resizeNearestNeighbor(x as tf.Tensor4D, size, ac, hp)
      : tf.image.resizeBilinear(x as tf.Tensor4D, size, ac, hp);

  /**
   * The exact gradient of a resize, from its forward kernel only: resize is linear, so resizing the one-hot
   * basis images gives the Jacobian J, and the gradient is Jᵀ·dy.
   */
  function adjoint(
    m: Method,
    xShape: number[],
    size: [number, number],
    ac: boolean,
    hp: boolean,
    dy: tf.Tensor,
  ) {
    const [b, h, w, c] = xShape as [number, number, number, number];
    const n = h * w;
    const basis = tf.reshape(tf.oneHot(tf.range(0, n, 1, 'int32'), n), [n, h, w, 1]);
    const jac = tf.reshape(resize(m, tf.cast(basis, 'float32'), size, ac, hp), [n, size[0] * size[1]]);
    const dyFlat = tf.reshape(tf.transpose(dy, [0, 3, 1, 2]), [b * c, size[0] * size[1]]);
    return tf.transpose(tf.reshape(tf.matMul(dyFlat, jac, false, true), [b, c, h, w]), [0, 2, 3, 1]);
  }

  it('ResizeNearestNeighbor and ResizeBilinear forward: agree as shipped (all corner/half-pixel modes)', async () => {
    const cases: Case[] = [];
    for (const x of SHAPES)
      for (const size of SIZES)
        for (const { alignCorners: ac, halfPixelCenters: hp } of MODES)
          for (const m of ['nearest', 'bilinear'] as const)
            cases.push({
              name: `${m} ${x}->${size} ac=${ac} hp=${hp}`,
              f: (t) => resize(m, t!, size, ac, hp),
              inputs: [rnd(x)],
            });
    expect(await disagreements(cases)).toEqual([]);
  });

  it.each(['wasm', 'cpu'] as const)(
    'resize grads on %s equal the exact adjoint of the forward resize (both backends ignored halfPixelCenters; fixed)',
    async (backend) => {
      const bad: string[] = [];
      for (const x of SHAPES)
        for (const size of SIZES)
          for (const { alignCorners: ac, halfPixelCenters: hp } of MODES)
            for (const m of ['nearest', 'bilinear'] as const) {
              const inputs = [rnd(x), rnd([x[0], size[0], size[1], x[3]])];
              const grad: Fn = (t, dy) => tf.grad((t) => tf.sum(tf.mul(resize(m, t, size, ac, hp), dy!)))(t!);
              const [want] = await runOn('cpu', (t, dy) => adjoint(m, t!.shape, size, ac, hp, dy!), inputs);
              const [got] = await runOn(backend, grad, inputs);
              const err =
                String(got!.shape) === String(want!.shape)
                  ? relativeError(want!.values, got!.values)
                  : Infinity;
              if (!(err <= TOL))
                bad.push(`${m} ${x}->${size} ac=${ac} hp=${hp}: ${err.toExponential(2)} ${got!.shape}`);
            }
      expect(bad).toEqual([]);
    },
  );
});

describe('matmul kernels on wasm vs cpu', () => {
  const DIMS = [
    [3, 4, 5, 1],
    [7, 16, 9, 2],
    [1, 1, 1, 1],
    [33, 65, 17, 3],
  ];
  const TRANSPOSES = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const;
  const shapesOf = ([m, k, n, b]: number[], ta: boolean, tb: boolean) => [
    ta ? [b!, k!, m!] : [b!, m!, k!],
    tb ? [b!, n!, k!] : [b!, k!, n!],
  ];

  it('BatchMatMul with transposes and batch > 1: agrees', async () => {
    const cases = DIMS.flatMap((d) =>
      TRANSPOSES.map(([ta, tb]) => {
        const [a, b] = shapesOf(d, ta, tb);
        return {
          name: `BatchMatMul ${d} ta=${ta} tb=${tb}`,
          f: ((a, b) => tf.matMul(a!, b!, ta, tb)) as Fn,
          inputs: [rnd(a!), rnd(b!)],
        };
      }),
    );
    expect(await disagreements(cases)).toEqual([]);
  });

  it('_FusedMatMul with bias, activations, transposes: wrong bias on wasm with batch > 1 (fixed)', async () => {
    const acts = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
    const cases: Case[] = [];
    for (const d of DIMS)
      for (const [ta, tb] of TRANSPOSES)
        for (const activation of acts) {
          const [a, b] = shapesOf(d, ta, tb);
          cases.push({
            name: `_FusedMatMul ${activation} ${d} ta=${ta} tb=${tb}`,
            f: (a, b, bias, alpha) =>
              tf.fused.matMul({
                a: a!,
                b: b!,
                transposeA: ta,
                transposeB: tb,
                bias,
                activation,
                preluActivationWeights: activation === 'prelu' ? alpha : undefined,
                leakyreluAlpha: 0.2,
              }),
            inputs: [rnd(a!), rnd(b!), rnd([d[2]!]), rnd([d[2]!])],
          });
        }
    expect(await disagreements(cases)).toEqual([]);
  });

  it('_FusedMatMul gradients (a, b, bias) through relu: agree', async () => {
    const cases = DIMS.flatMap((d) =>
      TRANSPOSES.map(([ta, tb]) => {
        const [a, b] = shapesOf(d, ta, tb);
        return {
          name: `_FusedMatMul grads ${d} ta=${ta} tb=${tb}`,
          f: ((a, b, bias) =>
            tf.grads((a, b, bias) =>
              sumSq(
                tf.fused.matMul({ a: a!, b: b!, transposeA: ta, transposeB: tb, bias, activation: 'relu' }),
              ),
            )([a!, b!, bias!])) as Fn,
          inputs: [rnd(a!), rnd(b!), rnd([d[2]!])],
        };
      }),
    );
    expect(await disagreements(cases)).toEqual([]);
  });
});
