// Every conv-related kernel that training uses, on wasm against cpu, over strides, paddings and shapes.
// Test names say what was found: "(fixed)" marks a wasm kernel that disagreed with TensorFlow and that
// @aecnn/backends replaces; the others agreed as shipped.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index';
import { type Input, loadBackends, parity, randomInput, relativeError, runOn } from '../testing/parity';

const TOL = 1e-4;
type Fn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
interface Case {
  name: string;
  f: Fn;
  inputs: Input[];
}

/** Runs every case and returns the ones where wasm and cpu disagree (shape, or error above TOL). */
async function disagreements(cases: Case[]): Promise<string[]> {
  const bad: string[] = [];
  for (const c of cases) {
    const p = await parity(c.f, c.inputs);
    if (!(p.worst <= TOL)) bad.push(`${c.name}: ${p.worst.toExponential(2)} ${JSON.stringify(p.wasmShapes)}`);
  }
  return bad;
}

let seed = 1;
const rnd = (shape: number[]) => randomInput(shape, seed++);
const sumSq = (t: tf.Tensor) => tf.sum(tf.square(t));

const SHAPES: [number, number, number, number][] = [
  [2, 7, 7, 3],
  [1, 8, 8, 2],
  [3, 5, 6, 4],
  [1, 9, 9, 1],
];

interface ConvConfig {
  x: [number, number, number, number];
  k: number;
  s: number;
  pad: 'same' | 'valid';
  d: number;
  tag: string;
}

function convConfigs(dilations = [1, 2]): ConvConfig[] {
  const out: ConvConfig[] = [];
  for (const x of SHAPES)
    for (const s of [1, 2, 3])
      for (const pad of ['same', 'valid'] as const)
        for (const k of [1, 2, 3, 4])
          for (const d of dilations) {
            if (d > 1 && s > 1) continue; // tfjs allows dilation only with stride 1
            if (pad === 'valid' && Math.min(x[1], x[2]) < (k - 1) * d + 1) continue;
            out.push({ x, k, s, pad, d, tag: `x=${x} k=${k} s=${s} ${pad} d=${d}` });
          }
  return out;
}

const outShape = (c: ConvConfig, outC: number) =>
  tf.tidy(
    () =>
      tf.conv2d(
        tf.zeros(c.x) as tf.Tensor4D,
        tf.zeros([c.k, c.k, c.x[3], outC]) as tf.Tensor4D,
        c.s,
        c.pad,
        'NHWC',
        c.d,
      ).shape,
  );

beforeAll(loadBackends);

describe('conv kernels on wasm vs cpu', () => {
  it("Conv2D: 'same' with a stride beyond the filter reach was wrong on wasm (fixed: explicit padding)", async () => {
    // 5 rows, stride 3, kernel 2: TF pads nothing; XNNPACK's own 'same' shifted the window.
    const p = await parity(
      (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 3, 'same'),
      [rnd([3, 5, 6, 4]), rnd([2, 2, 4, 5])],
    );
    expect(p.wasmShapes).toEqual([[3, 2, 2, 5]]);
    expect(p.worst).toBeLessThan(TOL);
  });

  it('Conv2D: agrees over strides 1-3, same/valid, kernels 1-4, dilation 2, batch > 1', async () => {
    const cases = convConfigs().map((c) => ({
      name: `Conv2D ${c.tag}`,
      f: ((x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.s, c.pad, 'NHWC', c.d)) as Fn,
      inputs: [rnd(c.x), rnd([c.k, c.k, c.x[3], 5])],
    }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('Conv2DBackpropInput (conv2dTranspose): agreed as shipped; now a forward conv (8x faster), agrees', async () => {
    const cases = convConfigs([1]).map((c) => ({
      name: `Conv2DBackpropInput ${c.tag}`,
      f: ((dy, f) => tf.conv2dTranspose(dy as tf.Tensor4D, f as tf.Tensor4D, c.x, c.s, c.pad)) as Fn,
      inputs: [rnd(outShape(c, 5)), rnd([c.k, c.k, c.x[3], 5])],
    }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('Conv2DBackpropFilter: missing on wasm (added), agrees', async () => {
    const cases = convConfigs([1]).map((c) => ({
      name: `Conv2DBackpropFilter ${c.tag}`,
      f: ((x, dy) =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: x!, dy: dy! },
            { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: [c.k, c.k, c.x[3], 5] },
          ) as tf.Tensor) as Fn,
      inputs: [rnd(c.x), rnd(outShape(c, 5))],
    }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('FusedConv2D with bias and each activation: same-padding bug as Conv2D (fixed)', async () => {
    const acts = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
    const cases: Case[] = [];
    for (const c of convConfigs([1]).filter((_, i) => i % 3 === 0 || _.s === 3))
      for (const activation of acts)
        cases.push({
          name: `FusedConv2D ${activation} ${c.tag}`,
          f: (x, f, bias, alpha) =>
            tf.fused.conv2d({
              x: x as tf.Tensor4D,
              filter: f as tf.Tensor4D,
              strides: c.s,
              pad: c.pad,
              bias,
              activation,
              preluActivationWeights: activation === 'prelu' ? alpha : undefined,
              leakyreluAlpha: 0.3,
            }),
          inputs: [rnd(c.x), rnd([c.k, c.k, c.x[3], 5]), rnd([5]), rnd([5])],
        });
    expect(await disagreements(cases)).toEqual([]);
  });

  it('DepthwiseConv2dNative, FusedDepthwiseConv2D and both backprops (added): agree', async () => {
    const cases: Case[] = [];
    for (const c of convConfigs([1])) {
      const filter = [c.k, c.k, c.x[3], 2];
      cases.push({
        name: `depthwise grads ${c.tag}`,
        f: (x, f) =>
          tf.grads((x, f) => sumSq(tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.s, c.pad)))([
            x!,
            f!,
          ]),
        inputs: [rnd(c.x), rnd(filter)],
      });
      cases.push({
        name: `FusedDepthwiseConv2D relu ${c.tag}`,
        f: (x, f, b) =>
          tf.fused.depthwiseConv2d({
            x: x as tf.Tensor4D,
            filter: f as tf.Tensor4D,
            strides: c.s,
            pad: c.pad,
            bias: b,
            activation: 'relu',
          }),
        inputs: [rnd(c.x), rnd(filter), rnd([c.x[3] * 2])],
      });
    }
    expect(await disagreements(cases)).toEqual([]);
  });
});

describe('pooling kernels on wasm vs cpu', () => {
  const poolConfigs = convConfigs([1]);

  it('MaxPool and AvgPool forward: agree as shipped', async () => {
    const cases = poolConfigs.flatMap((c) => [
      {
        name: `MaxPool ${c.tag}`,
        f: ((x) => tf.maxPool(x as tf.Tensor4D, c.k, c.s, c.pad)) as Fn,
        inputs: [rnd(c.x)],
      },
      {
        name: `AvgPool ${c.tag}`,
        f: ((x) => tf.avgPool(x as tf.Tensor4D, c.k, c.s, c.pad)) as Fn,
        inputs: [rnd(c.x)],
      },
    ]);
    expect(await disagreements(cases)).toEqual([]);
  });

  it('MaxPoolGrad: wrong on wasm for zero and negative inputs (fixed); agrees over strides, paddings, sizes', async () => {
    const cases = poolConfigs.map((c) => ({
      name: `MaxPoolGrad ${c.tag}`,
      f: ((x) => tf.grad((x) => sumSq(tf.maxPool(x as tf.Tensor4D, c.k, c.s, c.pad)))(x!)) as Fn,
      inputs: [rnd(c.x)],
    }));
    expect(await disagreements(cases)).toEqual([]);
  });

  it('MaxPoolGrad: a 1x1 pool passes every gradient through, negatives included', async () => {
    // wasm's own kernel gave [1, 0, 0, 1] here.
    const [g] = await runOn(
      'wasm',
      (x) => tf.grad((x) => tf.sum(tf.maxPool(x as tf.Tensor4D, 1, 1, 'valid')))(x!),
      [{ shape: [1, 2, 2, 1], values: new Float32Array([-1, -2, 0, 3]) }],
    );
    expect(Array.from(g!.values)).toEqual([1, 1, 1, 1]);
  });

  it('MaxPoolGrad: ties send the gradient to the first maximum, as TensorFlow does', async () => {
    // 2x2 windows, stride 2 over [[1,5,3,2],[4,0,7,8],[9,6,1,2],[3,3,4,4]]: maxima 5, 8, 9 and 4 (tied at
    // (3,2) and (3,3)); the first of the tie, (3,2), gets the gradient.
    const x = {
      shape: [1, 4, 4, 1],
      values: new Float32Array([1, 5, 3, 2, 4, 0, 7, 8, 9, 6, 1, 2, 3, 3, 4, 4]),
    };
    const [g] = await runOn(
      'wasm',
      (x) => tf.grad((x) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(x!),
      [x],
    );
    expect(Array.from(g!.values)).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('AvgPoolGrad: agrees as shipped', async () => {
    const cases = poolConfigs.map((c) => ({
      name: `AvgPoolGrad ${c.tag}`,
      f: ((x) => tf.grad((x) => sumSq(tf.avgPool(x as tf.Tensor4D, c.k, c.s, c.pad)))(x!)) as Fn,
      inputs: [rnd(c.x)],
    }));
    expect(await disagreements(cases)).toEqual([]);
  });
});

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
