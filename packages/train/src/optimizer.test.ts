import { type BackendName, useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer, getOptimizerState, setOptimizerState } from './optimizer';

const SHAPES = [[3, 3, 1, 8], [8], [37, 5]];

/** Runs `steps` Adam steps with seeded gradients on fresh variables; returns the final values. */
function run(
  opt: tf.Optimizer,
  tag: string,
  steps: number,
  from = 0,
): { vars: tf.Variable[]; values: number[][] } {
  const vars = SHAPES.map((s, i) =>
    tf.variable(tf.randomNormal(s, 0, 1, 'float32', i + 1), true, `${tag}-${i}`),
  );
  for (let step = from; step < from + steps; step++) {
    const grads = SHAPES.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i + 1));
    opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    tf.dispose(grads);
  }
  return { vars, values: vars.map((v) => Array.from(v.dataSync())) };
}

afterAll(async () => {
  await useBackend('cpu');
});

describe.each(['wasm', 'cpu'] as BackendName[])('FusedAdamOptimizer on %s', (backend) => {
  it("gives tfjs-core's Adam weights bit for bit, and keeps the tensor count flat", async () => {
    await useBackend(backend);
    // the fused kernel exists on wasm only; elsewhere the subclass is tfjs-core's Adam
    expect(tf.getKernel('AecnnAdam', backend) != null).toBe(backend === 'wasm');
    const fused = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const plain = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const a = run(fused, `fused-${backend}`, 2);
    const before = tf.memory().numTensors;
    for (let step = 2; step < 5; step++) {
      const grads = SHAPES.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i + 1));
      fused.applyGradients(a.vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      tf.dispose(grads);
    }
    expect(tf.memory().numTensors).toBe(before);
    const b = run(plain, `plain-${backend}`, 5);
    expect(a.vars.map((v) => Array.from(v.dataSync()))).toEqual(b.values);
    expect(fused.iterations).toBe(5);
    tf.dispose([...a.vars, ...b.vars]);
    fused.dispose();
    plain.dispose();
  });

  it('resumes from a saved state to the same weights as an uninterrupted run', async () => {
    await useBackend(backend);
    const whole = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const full = run(whole, `whole-${backend}`, 6);
    const first = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const half = run(first, `half-${backend}`, 3);
    const state = await getOptimizerState(first);
    const second = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    await setOptimizerState(second, state);
    for (let step = 3; step < 6; step++) {
      const grads = SHAPES.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i + 1));
      second.applyGradients(half.vars.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      tf.dispose(grads);
    }
    expect(half.vars.map((v) => Array.from(v.dataSync()))).toEqual(full.values);
    tf.dispose([...full.vars, ...half.vars]);
    for (const o of [whole, first, second]) o.dispose();
  });
});
