// Shared helpers of the interop tests (not exported).
import type { Module } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-web';

/** A tf.io handler that keeps what was saved, and loads it back. */
export function memory(): tf.io.IOHandler & { artifacts?: tf.io.ModelArtifacts } {
  const h: tf.io.IOHandler & { artifacts?: tf.io.ModelArtifacts } = {
    async save(a) {
      h.artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
    async load() {
      return h.artifacts!;
    },
  };
  return h;
}

/** Largest absolute difference between two tensors of one shape. */
export const maxDiff = (a: tf.Tensor, b: tf.Tensor) =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
/** A seeded batch of 3 images in [0, 1) of the given shape. */
export const batch = (shape: readonly number[]) => tf.randomUniform([3, ...shape], 0, 1, 'float32', 7);
/** The forward context of inference. */
export const infer = { training: false };

/** Gives every batch norm in `m` (nested ones too) moving statistics that are not 0 and 1. */
export function perturbBatchNorms(m: Module, seed = 3): void {
  if (m.kind === 'batchNorm') {
    for (const [k, v] of Object.entries(m.params)) {
      const s = k.toLowerCase().includes('var')
        ? tf.randomUniform(v.shape, 0.5, 2, 'float32', seed)
        : tf.randomNormal(v.shape, 0, 0.3, 'float32', seed + 1);
      v.assign(s);
      s.dispose();
    }
  }
  for (const [i, c] of Object.values(m.children).entries()) perturbBatchNorms(c, seed + 2 * i + 2);
}

/** Runs ONNX `bytes` in onnxruntime-web (wasm, one thread) on `feeds`; returns each output as a tfjs tensor. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Record<string, tf.Tensor>,
): Promise<Record<string, tf.Tensor>> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const inputs = Object.fromEntries(
      Object.entries(feeds).map(([k, t]) => [
        k,
        new ort.Tensor('float32', t.dataSync() as Float32Array, t.shape),
      ]),
    );
    const out = await session.run(inputs);
    return Object.fromEntries(
      Object.entries(out).map(([k, t]) => [k, tf.tensor(t.data as Float32Array, t.dims as number[])]),
    );
  } finally {
    await session.release();
  }
}
