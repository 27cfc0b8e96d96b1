import { CPU_FUSED_CONV2D_KERNEL, CPU_FUSED_MATMUL_KERNEL } from '@aecnn/backends/kernel-names';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seededInput } from '../testing/check-module';
import { backend } from '../testing/setup';
import { fusedConv2d, fusedMatMul } from './fused-inference';

afterAll(() => backend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('fusedMatMul and fusedConv2d', () => {
  it("take aecnn's GEMM kernels on cpu for inference, equal to tfjs's fused ops within 1e-5", async () => {
    await backend('cpu');
    const a = seededInput([5, 7], 1) as tf.Tensor2D;
    const w = seededInput([7, 3], 2) as tf.Tensor2D;
    const b = seededInput([3], 3);
    const x = seededInput([2, 6, 6, 2], 4) as tf.Tensor4D;
    const k = seededInput([3, 3, 2, 4], 5) as tf.Tensor4D;
    const kb = seededInput([4], 6);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        const dense = fusedMatMul(a, w, b, 'relu');
        expect(maxAbsDiff(dense, tf.relu(tf.add(tf.matMul(a, w), b)))).toBeLessThan(1e-5);
        const conv = fusedConv2d(x, k, kb, [2, 2], 'same', 'sigmoid');
        expect(maxAbsDiff(conv, tf.sigmoid(tf.add(tf.conv2d(x, k, 2, 'same'), kb)))).toBeLessThan(1e-5);
        // an activation the kernels do not apply: the kernel computes the sums, the op the activation
        const tanh = fusedMatMul(a, w, b, 'tanh');
        expect(maxAbsDiff(tanh, tf.tanh(tf.add(tf.matMul(a, w), b)))).toBeLessThan(1e-5);
      });
    });
    const names = profile.kernels.map((p) => p.name);
    expect(names).toContain(CPU_FUSED_MATMUL_KERNEL);
    expect(names).toContain(CPU_FUSED_CONV2D_KERNEL);
    tf.dispose([a, w, b, x, k, kb]);
  });

  it('keep tfjs ops (which have gradients) while a gradient is recorded', async () => {
    await backend('cpu');
    const a = seededInput([4, 3], 1) as tf.Tensor2D;
    const w = seededInput([3, 2], 2) as tf.Tensor2D;
    const got = tf.grad((wi: tf.Tensor) => tf.sum(fusedMatMul(a, wi as tf.Tensor2D, undefined, 'linear')))(w);
    // d sum(a · w) / dw = aᵀ · ones
    const want = tf.matMul(a, tf.ones([4, 2]), true, false);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    tf.dispose([a, w, got, want]);
  });
});
