// Every conv-related kernel that training uses, on wasm against cpu, over strides, paddings and shapes.
// Test names say what was found: "(fixed)" marks a wasm kernel that disagreed with TensorFlow and that
// @aecnn/backends replaces; the others agreed as shipped.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index';
import {
  type ParityCase as Case,
  disagreements,
  type ParityFn as Fn,
  loadBackends,
  parity,
  runOn,
  IMAGE_SHAPES as SHAPES,
  seededInputs,
  PARITY_TOL as TOL,
} from '../testing/parity';

const rnd = seededInputs();
const sumSq = (t: tf.Tensor) => tf.sum(tf.square(t));

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
