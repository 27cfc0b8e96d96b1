// aecnn's SIMD kernels on the wasm backend against the plain tfjs ops they replace: equal to the last bit.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../index';
import {
  ADAM_KERNEL,
  DEPTH_TO_SPACE_KERNEL,
  PATCH_KERNEL_GRAD_KERNEL,
  RELU_GRAD_KERNEL,
  SPACE_TO_DEPTH_KERNEL,
  WINDOW_MAX_GRAD_KERNEL,
} from '../../kernel-names';
import { useBackend } from '../../use-backend';
import { installSimdKernels, simdKernels } from './kernels';

beforeAll(async () => {
  await useBackend('wasm');
});

/** [top, bottom, left, right] as tfjs's explicit padding of an NHWC tensor. */
const explicit = ([t, b, l, r]: number[]): [
  [number, number],
  [number, number],
  [number, number],
  [number, number],
] => [
  [0, 0],
  [t!, b!],
  [l!, r!],
  [0, 0],
];

/** The largest absolute difference, read back. */
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('SIMD kernels on wasm', () => {
  it('are registered by useBackend and listed by simdKernels; installing again changes nothing', async () => {
    expect(simdKernels()).toEqual([
      ADAM_KERNEL,
      RELU_GRAD_KERNEL,
      WINDOW_MAX_GRAD_KERNEL,
      DEPTH_TO_SPACE_KERNEL,
      SPACE_TO_DEPTH_KERNEL,
      PATCH_KERNEL_GRAD_KERNEL,
    ]);
    expect(await installSimdKernels()).toEqual(simdKernels());
  });

  it('patch kernel gradient equals the conv filter gradient of tfjs (with and without padding) within 1e-5 of the largest', () => {
    // x [b, h, w, inC], [kh, kw], strides, outC, pad [top, bottom, left, right]: shallow and deep convs,
    // strides 1-3, odd row counts
    type Quad = [number, number, number, number];
    const cases: [Quad, [number, number], [number, number], number, Quad][] = [
      [[3, 28, 28, 1], [3, 3], [2, 2], 16, [0, 1, 0, 1]], // the conv autoencoder's first conv ('same')
      [[2, 28, 28, 1], [3, 3], [1, 1], 32, [0, 0, 0, 0]], // the article CNN's
      [[2, 9, 11, 3], [3, 2], [3, 2], 48, [1, 1, 0, 2]],
      [[1, 5, 5, 2], [1, 1], [1, 1], 16, [0, 0, 0, 0]],
      [[3, 14, 14, 16], [3, 3], [2, 2], 32, [0, 1, 0, 1]], // a deep stride-2 conv (the conv autoencoder's second)
    ];
    const dataIds = tf.engine().backend.numDataIds();
    for (const [xs, [kh, kw], [sh, sw], outC, pad] of cases) {
      tf.tidy(() => {
        const x = tf.randomNormal(xs, 0, 1, 'float32', 5) as tf.Tensor4D;
        const padded = tf.pad(x, explicit(pad));
        const oh = Math.floor((padded.shape[1] - kh) / sh) + 1;
        const ow = Math.floor((padded.shape[2] - kw) / sw) + 1;
        const dz = tf.randomNormal([xs[0]!, oh, ow, outC], 0, 1, 'float32', 6) as tf.Tensor4D;
        const got = tf
          .engine()
          .runKernel(
            PATCH_KERNEL_GRAD_KERNEL,
            { x, dz },
            { strides: [sh, sw], pad: explicit(pad), filterShape: [kh, kw, xs[3], outC] },
          ) as tf.Tensor;
        const want = tf.grad((k: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(padded, k as tf.Tensor4D, [sh, sw], 'valid'), dz)),
        )(tf.zeros([kh, kw, xs[3]!, outC]));
        expect(got.shape).toEqual([kh, kw, xs[3], outC]);
        // sums of up to 1,352 products of N(0, 1) values: float32 rounding relative to the largest
        const scale = tf.max(tf.abs(want)).dataSync()[0]!;
        expect(maxDiff(got, want) / scale, `${xs} ${kh}x${kw} /${sh}x${sw} ${outC} pad ${pad}`).toBeLessThan(
          1e-5,
        );
      });
    }
    expect(tf.engine().backend.numDataIds(), 'the padded copies are freed').toBe(dataIds);
  });

  it('patch kernel gradient refuses outputs that are not a multiple of 16 channels and windows outside padded x', () => {
    const x = tf.zeros([1, 6, 6, 1]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          PATCH_KERNEL_GRAD_KERNEL,
          { x, dz: tf.zeros([1, 4, 4, 8]) },
          { strides: [1, 1], pad: 'valid', filterShape: [3, 3, 1, 8] },
        ),
    ).toThrow(/f a multiple of 16 .* got x \[1,6,6,1\] and dz \[1,4,4,8\]/);
    expect(() =>
      tf
        .engine()
        .runKernel(
          PATCH_KERNEL_GRAD_KERNEL,
          { x, dz: tf.zeros([1, 5, 5, 16]) },
          { strides: [1, 1], pad: explicit([0, 1, 0, 0]), filterShape: [3, 3, 1, 16] },
        ),
    ).toThrow(/a 3x3 window at strides 1x1 inside x padded by \[0,1,0,0\]/);
    tf.dispose(x);
  });

  it('relu gradient: dy where y > 0, else 0, for sizes with and without a 4-value tail', () => {
    for (const shape of [[7, 5, 3], [64, 26, 26, 32], [1]]) {
      tf.tidy(() => {
        const y = tf.relu(tf.randomNormal(shape, 0, 1, 'float32', 3));
        const dy = tf.randomNormal(shape, 0, 1, 'float32', 4);
        const got = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y }) as tf.Tensor;
        expect(got.shape).toEqual(shape);
        expect(maxDiff(got, tf.mul(dy, tf.step(y)))).toBe(0);
      });
    }
  });

  it('window max-pool gradient equals tfjs MaxPoolGrad, ties to the first maximum, uncovered rows and columns 0', () => {
    const cases: [number[], [number, number]][] = [
      [
        [3, 6, 6, 8],
        [2, 2],
      ],
      [
        [2, 7, 9, 4],
        [2, 3],
      ],
      [
        [2, 5, 5, 12],
        [3, 1],
      ],
      [
        [64, 26, 26, 32],
        [2, 2],
      ],
    ];
    for (const [shape, ps] of cases) {
      tf.tidy(() => {
        // values in {0, 1, 2, 3}: most windows have ties
        const x = tf.round(tf.mul(tf.randomUniform(shape, 0, 1, 'float32', 5), 3)) as tf.Tensor4D;
        const [b, h, w, c] = shape as [number, number, number, number];
        const dy = tf.randomNormal([b, Math.floor(h / ps[0]), Math.floor(w / ps[1]), c], 0, 1, 'float32', 6);
        const ref = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, ps, ps, 'valid'), dy)),
        )(x);
        const got = tf.engine().runKernel(WINDOW_MAX_GRAD_KERNEL, { x, dy }, { poolSize: ps }) as tf.Tensor;
        expect(got.shape).toEqual(shape);
        expect(maxDiff(got, ref)).toBe(0);
        // one non-zero per window at most: the gradient is not spread over ties
        expect(tf.sum(tf.notEqual(got, 0)).dataSync()[0]).toBeLessThanOrEqual(dy.size);
      });
    }
  });

  it('window max-pool gradient refuses channels that are not a multiple of 4 and a dy of the wrong shape', () => {
    const x = tf.zeros([1, 4, 4, 3]);
    const dy = tf.zeros([1, 2, 2, 3]);
    expect(() => tf.engine().runKernel(WINDOW_MAX_GRAD_KERNEL, { x, dy }, { poolSize: [2, 2] })).toThrow(
      /c a multiple of 4 and dy \[1,2,2,3\], got x \[1,4,4,3\]/,
    );
    const x4 = tf.zeros([1, 4, 4, 4]);
    expect(() =>
      tf
        .engine()
        .runKernel(WINDOW_MAX_GRAD_KERNEL, { x: x4, dy: tf.zeros([1, 2, 3, 4]) }, { poolSize: [2, 2] }),
    ).toThrow(/dy \[1,2,2,4\], got x \[1,4,4,4\] and dy \[1,2,3,4\]/);
    tf.dispose([x, dy, x4]);
  });

  it('depth-to-space with a crop equals reshape, transpose, reshape and slice; space-to-depth is its adjoint', () => {
    const cases: [number[], [number, number], [number, number]][] = [
      [
        [2, 7, 7, 4 * 16],
        [2, 2],
        [14, 14],
      ],
      [
        [3, 4, 5, 4 * 3],
        [2, 2],
        [7, 9],
      ], // cropped, f not a multiple of 4
      [
        [1, 3, 2, 6 * 2],
        [3, 2],
        [8, 4],
      ],
    ];
    for (const [shape, [s1, s2], [oh, ow]] of cases) {
      tf.tidy(() => {
        const [b, m, m2, c] = shape as [number, number, number, number];
        const f = c / (s1 * s2);
        const x = tf.randomNormal(shape, 0, 1, 'float32', 8);
        const plain = (t: tf.Tensor) =>
          tf.slice(
            tf.reshape(tf.transpose(tf.reshape(t, [b, m, m2, s1, s2, f]), [0, 1, 3, 2, 4, 5]), [
              b,
              m * s1,
              m2 * s2,
              f,
            ]),
            [0, 0, 0, 0],
            [b, oh, ow, f],
          );
        const attrs = { blockShape: [s1, s2], outShape: [oh, ow] };
        const got = tf.engine().runKernel(DEPTH_TO_SPACE_KERNEL, { x }, attrs) as tf.Tensor;
        expect(got.shape).toEqual([b, oh, ow, f]);
        expect(maxDiff(got, plain(x))).toBe(0);
        const dy = tf.randomNormal([b, oh, ow, f], 0, 1, 'float32', 9);
        const back = tf
          .engine()
          .runKernel(SPACE_TO_DEPTH_KERNEL, { dy }, { blockShape: [s1, s2], innerShape: [m, m2] });
        expect(maxDiff(back as tf.Tensor, tf.grad((t: tf.Tensor) => tf.sum(tf.mul(plain(t), dy)))(x))).toBe(
          0,
        );
      });
    }
    const x = tf.zeros([1, 2, 2, 8]);
    expect(() =>
      tf.engine().runKernel(DEPTH_TO_SPACE_KERNEL, { x }, { blockShape: [2, 2], outShape: [5, 4] }),
    ).toThrow(/AecnnDepthToSpace: expected inner \[b, m, m2, 2·2·f\] .* got \[1,2,2,8\] and \[1,5,4,2\]/);
    x.dispose();
  });

  it("Adam matches tfjs-core's AdamOptimizer bit for bit over several steps", () => {
    const shapes = [[3, 3, 1, 32], [5], [130, 7]];
    const start = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 10 + i));
    const vars = start.map((t, i) => tf.variable(t, true, `simd-adam-${i}`));
    const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    let params = start.map((t) => tf.clone(t));
    let ms = start.map((t) => tf.zerosLike(t));
    let vs = start.map((t) => tf.zerosLike(t));
    let [p1, p2] = [Math.fround(0.9), Math.fround(0.999)];
    for (let step = 0; step < 4; step++) {
      const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i));
      opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      const attrs = {
        beta1: Math.fround(0.9),
        oneMinusBeta1: Math.fround(1 - 0.9),
        beta2: Math.fround(0.999),
        oneMinusBeta2: Math.fround(1 - 0.999),
        oneMinusAccBeta1: Math.fround(1 - p1),
        oneMinusAccBeta2: Math.fround(1 - p2),
        epsilon: Math.fround(1e-7),
        negLearningRate: Math.fround(-0.01),
      };
      const outs = params.map(
        (param, i) =>
          tf
            .engine()
            .runKernel(ADAM_KERNEL, { param, grad: grads[i]!, m: ms[i]!, v: vs[i]! }, attrs) as tf.Tensor[],
      );
      tf.dispose([...params, ...ms, ...vs, ...grads]);
      params = outs.map((o) => o[0]!);
      ms = outs.map((o) => o[1]!);
      vs = outs.map((o) => o[2]!);
      p1 = Math.fround(p1 * Math.fround(0.9));
      p2 = Math.fround(p2 * Math.fround(0.999));
    }
    for (let i = 0; i < shapes.length; i++) {
      expect(Array.from(params[i]!.dataSync())).toEqual(Array.from(vars[i]!.dataSync()));
      expect(maxDiff(params[i]!, start[i]!)).toBeGreaterThan(0.01);
    }
    opt.dispose();
    tf.dispose([...vars, ...start, ...params, ...ms, ...vs]);
  });
});
