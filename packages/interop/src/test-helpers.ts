// Shared helpers of the interop tests (not exported).
import * as tf from '@tensorflow/tfjs-core';

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
