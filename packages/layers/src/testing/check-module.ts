// The one test harness for every layer: build, shapes, parameter count, a finite-difference gradient check
// and a leak check. Test-only (not exported from the package).

import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { build } from '../build';
import type { Module, Shape } from '../module';
import { namedParams, paramCount, trainableVariables } from '../params';
import { normalStream } from '../rng';
import type { LayerSpec } from '../spec';

/** What checkModule expects of a layer. */
export interface CheckModuleExpect {
  /** Input shape without batch. */
  inputShape: Shape;
  /** Expected output shape without batch. */
  outputShape: Shape;
  /** Expected number of scalar parameters (all). */
  params: number;
  /** Expected number of trainable Variables (default: all Variables). */
  trainableWeights?: number;
  /** Batch size of the test input (default 2). */
  batch?: number;
  /** Skip the gradient check (e.g. layers with no smooth output). */
  gradient?: boolean;
  /** Forward mode used by the gradient check (default inference). */
  training?: boolean;
  /** Seed of build and input (default 7). */
  seed?: number;
}

/** Deterministic N(0, 1) input of `shape`, scaled. */
export function seededInput(shape: readonly number[], seed: number, scale = 1): Tensor {
  const n = normalStream(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = n() * scale;
  return tf.tensor(data, [...shape]);
}

/** Indices to probe in a tensor of `size` values: a few spread ones (all if small). */
function probes(size: number, count = 5): number[] {
  if (size <= count) return [...Array(size).keys()];
  return [
    ...new Set([
      0,
      size - 1,
      ...Array.from({ length: count - 2 }, (_, i) => Math.floor(((i + 1) * size) / (count - 1))),
    ]),
  ];
}

/**
 * Central-difference check of d(sum(y * r))/d(input) and d/d(each trainable param) at a few entries, with
 * float32 tolerances: |analytic - numeric| <= 2e-2 * max(|a|, |n|) + 2e-3, eps 1e-3. A probe where the
 * forward and backward one-sided slopes disagree sits on a kink (relu, max) and is skipped; at most half may be.
 */
export function gradientCheck(m: Module, x: Tensor, training: boolean, seed: number): void {
  const r = tf.keep(seededInput([x.shape[0]!, ...m.outputShape], seed + 1));
  const loss = (input: Tensor) => tf.tidy(() => tf.sum(tf.mul(m.apply(input, { training, seed }), r)));
  const lossValue = (input: Tensor) => {
    const l = loss(input);
    const v = l.dataSync()[0]!;
    l.dispose();
    return v;
  };
  const eps = 1e-3;
  let probed = 0;
  let kinks = 0;
  // lp, l0, lm: loss at +eps, 0, -eps.
  const check = (a: number, lp: number, l0: number, lm: number, what: string) => {
    probed++;
    const fwd = (lp - l0) / eps;
    const bwd = (l0 - lm) / eps;
    if (Math.abs(fwd - bwd) > 0.1 * Math.max(Math.abs(fwd), Math.abs(bwd)) + 2e-2) {
      kinks++;
      return;
    }
    const n = (lp - lm) / (2 * eps);
    const tol = 2e-2 * Math.max(Math.abs(a), Math.abs(n)) + 2e-3;
    expect(Math.abs(a - n), `${m.kind} ${what}: analytic ${a} vs numeric ${n}`).toBeLessThanOrEqual(tol);
  };

  const l0 = lossValue(x);
  const dx = tf.grad(loss)(x);
  const dxData = dx.dataSync();
  const xData = x.dataSync();
  for (const i of probes(x.size)) {
    const at = (delta: number) => {
      const d = xData.slice();
      d[i]! += delta;
      const t = tf.tensor(d, x.shape);
      const v = lossValue(t);
      t.dispose();
      return v;
    };
    check(dxData[i]!, at(eps), l0, at(-eps), `d/dx[${i}]`);
  }
  dx.dispose();

  const vars = trainableVariables(m);
  if (vars.length > 0) {
    const { value, grads } = tf.variableGrads(() => loss(x) as tf.Scalar, vars);
    value.dispose();
    const names = new Map([...namedParams(m)].map(([k, v]) => [v, k]));
    for (const v of vars) {
      const g = grads[v.name]!.dataSync();
      const base = Float32Array.from(v.dataSync());
      const set = (data: Float32Array) => tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
      for (const i of probes(v.size)) {
        const at = (delta: number) => {
          const d = base.slice();
          d[i]! += delta;
          set(d);
          return lossValue(x);
        };
        check(g[i]!, at(eps), l0, at(-eps), `d/d${names.get(v as Variable)}[${i}]`);
      }
      set(base);
    }
    tf.dispose(grads);
  }
  expect(kinks, `${m.kind}: ${kinks} of ${probed} probes sat on kinks`).toBeLessThanOrEqual(probed / 2);
  r.dispose();
}

/** Builds `spec` and checks its output shape, parameter count, forward output, gradients and tensor leaks. */
export function checkModule(spec: LayerSpec, e: CheckModuleExpect): Module {
  const seed = e.seed ?? 7;
  const m = build(spec, e.inputShape, { seed });
  expect(m.inputShape).toEqual(e.inputShape);
  expect(m.outputShape, `${spec.kind} outputShape`).toEqual(e.outputShape);
  expect(spec.outputShape(e.inputShape), `${spec.kind} spec.outputShape`).toEqual(e.outputShape);
  expect(paramCount(m), `${spec.kind} param count`).toBe(e.params);
  const nVars = namedParams(m).size;
  expect(trainableVariables(m).length).toBe(e.trainableWeights ?? nVars);

  const batch = e.batch ?? 2;
  const x = seededInput([batch, ...e.inputShape], seed);
  const before = tf.memory().numTensors;
  for (const training of [false, true]) {
    const y = m.apply(x, { training, seed: 3 });
    expect(y.shape).toEqual([batch, ...e.outputShape]);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
  }
  expect(tf.memory().numTensors, `${spec.kind}: forward leaked tensors`).toBe(before);
  if (e.gradient !== false) gradientCheck(m, x, e.training ?? false, 11);
  expect(tf.memory().numTensors, `${spec.kind}: gradient check leaked tensors`).toBe(before);
  x.dispose();
  return m;
}
