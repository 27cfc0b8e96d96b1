// Test helpers: run one computation on two backends with the same inputs and measure how far apart they are.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../use-backend';

/** Input data for a computation: plain numbers, so that each backend builds its own tensors. */
export interface Input {
  shape: number[];
  values: Float32Array;
}

/** A computation's outputs read back: shape and values of each. */
export interface Output {
  shape: number[];
  values: Float32Array;
}

/** Deterministic uniform values in [-1, 1) from a seed (LCG), so failures reproduce. */
export function randomInput(shape: number[], seed: number): Input {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    values[i] = (s / 2 ** 32) * 2 - 1;
  }
  return { shape, values };
}

/** Loads cpu and wasm once (both are needed for parity). */
export async function loadBackends(): Promise<void> {
  await useBackend('cpu');
  await useBackend('wasm');
}

/** Runs `f` on `backend` with tensors made from `inputs`, returning its outputs as numbers. */
export async function runOn(
  backend: 'cpu' | 'wasm',
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: Input[],
): Promise<Output[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = f(...inputs.map((x) => tf.tensor(x.values, x.shape)));
    return (Array.isArray(out) ? out : [out]).map((t) => ({
      shape: t.shape,
      values: t.dataSync() as Float32Array,
    }));
  });
}

/** max |got - want| / max |want|: the error relative to the reference's largest magnitude. */
export function relativeError(want: Float32Array, got: Float32Array): number {
  if (want.length !== got.length) throw new Error(`relativeError: ${want.length} values vs ${got.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(want[i]! - got[i]!);
    diff = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Shapes of each output on both backends and the worst relative error over all outputs. */
export interface Parity {
  cpuShapes: number[][];
  wasmShapes: number[][];
  worst: number;
}

/** Runs `f` on cpu (the reference) and on wasm, and compares them. */
export async function parity(
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: Input[],
): Promise<Parity> {
  const want = await runOn('cpu', f, inputs);
  const got = await runOn('wasm', f, inputs);
  let worst = 0;
  want.forEach((w, i) => {
    const g = got[i];
    worst =
      g && String(g.shape) === String(w.shape)
        ? Math.max(worst, relativeError(w.values, g.values))
        : Infinity;
  });
  return { cpuShapes: want.map((o) => o.shape), wasmShapes: got.map((o) => o.shape), worst };
}

/** Largest relative error at which wasm and cpu count as agreeing. */
export const PARITY_TOL = 1e-4;

/** A computation on tensors, run once per backend. */
export type ParityFn = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** One computation to compare on wasm and cpu, named for the failure list. */
export interface ParityCase {
  name: string;
  f: ParityFn;
  inputs: Input[];
}

/** Runs every case and returns the ones where wasm and cpu disagree (shape, or error above PARITY_TOL). */
export async function disagreements(cases: ParityCase[]): Promise<string[]> {
  const bad: string[] = [];
  for (const c of cases) {
    const p = await parity(c.f, c.inputs);
    if (!(p.worst <= PARITY_TOL))
      bad.push(`${c.name}: ${p.worst.toExponential(2)} ${JSON.stringify(p.wasmShapes)}`);
  }
  return bad;
}

/** NHWC image batches that cover batch > 1, odd sizes and 1-4 channels. */
export const IMAGE_SHAPES: [number, number, number, number][] = [
  [2, 7, 7, 3],
  [1, 8, 8, 2],
  [3, 5, 6, 4],
  [1, 9, 9, 1],
];

/** A maker of random inputs whose seed advances by one per call, starting at `seed`. */
export function seededInputs(seed = 1): (shape: number[]) => Input {
  let next = seed;
  return (shape) => randomInput(shape, next++);
}
