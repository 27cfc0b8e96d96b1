// aecnn's cpu GEMM kernels against the tfjs-backend-cpu ops they stand in for.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gemm } from './cpu-gemm';
import { CPU_FUSED_CONV2D_KERNEL, CPU_FUSED_MATMUL_KERNEL } from './kernel-names';
import { useBackend } from './use-backend';

beforeAll(async () => {
  await useBackend('cpu');
});

/** The largest difference relative to the largest reference value. */
const relDiff = (got: tf.Tensor, want: tf.Tensor) =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]! / tf.max(tf.abs(want)).dataSync()[0]!);

describe('cpu GEMM kernels', () => {
  it('gemm equals a plain triple loop for sizes with and without 4-row/4-column tails and past the k block', () => {
    for (const [m, k, n] of [
      [8, 16, 8],
      [7, 300, 6],
      [5, 3, 1],
      [13, 517, 10],
    ] as const) {
      const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
      const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7));
      const c = new Float32Array(m * n).fill(7); // stale values are overwritten
      gemm(a, b, c, m, k, n);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
          worst = Math.max(worst, Math.abs(c[i * n + j]! - s));
        }
      }
      expect(worst, `${m}x${k}x${n}`).toBeLessThan(1e-4);
    }
  });

  it('fused matMul equals tfjs fused matMul (bias, relu, sigmoid, a batch of 1)', () => {
    for (const [m, k, n, act, withBias, rank3] of [
      [64, 300, 10, 'relu', true, false],
      [3, 5, 7, 'sigmoid', true, true],
      [6, 9, 4, 'linear', false, false],
    ] as const) {
      tf.tidy(() => {
        const a = tf.randomNormal(rank3 ? [1, m, k] : [m, k], 0, 1, 'float32', 1);
        const b = tf.randomNormal(rank3 ? [1, k, n] : [k, n], 0, 1, 'float32', 2);
        const bias = withBias ? tf.randomNormal([n], 0, 1, 'float32', 3) : undefined;
        const got = tf.engine().runKernel(CPU_FUSED_MATMUL_KERNEL, bias ? { a, b, bias } : { a, b }, {
          activation: act,
        }) as tf.Tensor;
        const want = tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation: act });
        expect(got.shape).toEqual(want.shape);
        expect(relDiff(got, want), `${m}x${k}x${n} ${act}`).toBeLessThan(1e-5);
      });
    }
  });

  it('fused conv equals tfjs fused conv2d (same and valid padding, strides, 1-3 channels)', () => {
    type Quad = [number, number, number, number];
    const cases: [Quad, Quad, [number, number], 'same' | 'valid', 'relu' | 'sigmoid' | 'linear'][] = [
      [[2, 28, 28, 1], [3, 3, 1, 32], [1, 1], 'valid', 'relu'], // the article CNN's first conv
      [[2, 28, 28, 1], [3, 3, 1, 16], [2, 2], 'same', 'relu'], // the conv autoencoder's
      [[2, 8, 8, 32], [2, 2, 32, 64], [1, 1], 'valid', 'linear'], // a sub-pixel decoder conv
      [[1, 9, 7, 3], [3, 2, 3, 5], [2, 3], 'same', 'sigmoid'],
    ];
    for (const [xs, fs, strides, pad, act] of cases) {
      tf.tidy(() => {
        const x = tf.randomNormal(xs, 0, 1, 'float32', 4) as tf.Tensor4D;
        const filter = tf.randomNormal(fs, 0, 0.5, 'float32', 5) as tf.Tensor4D;
        const bias = tf.randomNormal([fs[3]!], 0, 1, 'float32', 6);
        const got = tf
          .engine()
          .runKernel(
            CPU_FUSED_CONV2D_KERNEL,
            { x, filter, bias },
            { strides, pad, activation: act },
          ) as tf.Tensor;
        const want = tf.fused.conv2d({ x, filter, strides, pad, bias, activation: act });
        expect(got.shape).toEqual(want.shape);
        expect(relDiff(got, want), `${xs} ${fs} ${strides} ${pad} ${act}`).toBeLessThan(1e-5);
      });
    }
  });

  it('refuses what it does not compute, naming it', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 4]);
    expect(() => tf.engine().runKernel(CPU_FUSED_MATMUL_KERNEL, { a, b }, { activation: 'elu' })).toThrow(
      /activation must be one of linear, relu, sigmoid, got elu/,
    );
    expect(() => tf.engine().runKernel(CPU_FUSED_MATMUL_KERNEL, { a, b }, { transposeB: true })).toThrow(
      /untransposed, got a \[2,3\] and b \[3,4\] transposed/,
    );
    const x = tf.zeros([1, 5, 5, 1]);
    const filter = tf.zeros([3, 3, 1, 2]);
    expect(() =>
      tf
        .engine()
        .runKernel(CPU_FUSED_CONV2D_KERNEL, { x, filter }, { strides: 1, pad: 'same', dilations: 2 }),
    ).toThrow(/without dilation, got x \[1,5,5,1\], filter \[3,3,1,2\], dilations 2/);
    tf.dispose([a, b, x, filter]);
  });
});
