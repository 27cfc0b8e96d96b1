import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { activation } from './activation';
import { build } from './build';
import { convBlock } from './conv-block';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2d-transpose';
import { deconvBlock } from './deconv-block';
import { dense } from './dense';
import { denseBlock } from './dense-block';
import { flatten } from './flatten';
import { avgPool2d, maxPool2d } from './pool2d';
import { reshape } from './reshape';
import { sequential } from './sequential';
import { seededInput } from './testing/check-module';
import { backend } from './testing/setup';
import { upSampling2d } from './up-sampling2d';

afterAll(() => backend('cpu'));

// Every layer kind in one net, so one comparison covers them all.
const everything = () =>
  sequential([
    conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
    conv2d({ filters: 4, kernelSize: 3, dilation: 2, activation: 'gelu' }),
    convBlock({ filters: 4, kernelSize: 3, padding: 'same', norm: 'batch', dropout: 0.25 }),
    maxPool2d({ poolSize: 2 }),
    conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' }),
    deconvBlock({ filters: 3, kernelSize: 3, strides: 1, mode: 'upsample', norm: 'batch' }),
    upSampling2d({ size: 2, interpolation: 'bilinear' }),
    avgPool2d({ poolSize: 2 }),
    upSampling2d({ size: 2 }),
    conv2d({ filters: 2, kernelSize: 3, strides: 2, activation: 'leakyRelu' }),
    flatten(),
    dense({ units: 8, activation: 'sigmoid' }),
    denseBlock({ units: 8, norm: 'batch', activation: 'elu' }),
    reshape({ targetShape: [2, 4] }),
    activation({ activation: 'tanh' }),
    flatten(),
    dense({ units: 5, activation: 'softmax' }),
  ]);

const maxAbsDiff = (a: number[], b: number[]) => {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
};

async function run(name: 'cpu' | 'wasm') {
  await backend(name);
  const m = build(everything(), [12, 12, 2], { seed: 5 });
  const x = seededInput([2, 12, 12, 2], 9);
  const y = m.apply(x, { training: false });
  // training mode: batch statistics, a seeded dropout mask, and moving averages updated on each backend
  const grads = tf.variableGrads(
    () => tf.sum(tf.mul(m.apply(x, { training: true, seed: 1 }), tf.range(0, 5))) as tf.Scalar,
  );
  const after = m.apply(x, { training: false });
  const out = {
    y: [...Array.from(y.dataSync()), ...Array.from(after.dataSync())],
    g: Object.values(grads.grads).map((g) => Array.from(g.dataSync())),
  };
  tf.dispose([x, y, after, grads.value, grads.grads]);
  return out;
}

describe('backends', () => {
  it('cpu and wasm give the same outputs and gradients within 1e-4', async () => {
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.y).toHaveLength(20);
    expect(maxAbsDiff(wasm.y, cpu.y)).toBeLessThanOrEqual(1e-4);
    expect(wasm.g).toHaveLength(cpu.g.length);
    for (const [j, g] of wasm.g.entries())
      expect(maxAbsDiff(g, cpu.g[j]!), `gradient ${j}`).toBeLessThanOrEqual(1e-4);
  });
});
