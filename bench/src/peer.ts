import { toLayersArtifacts } from '@aecnn/interop';
import type { AecnnModel } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';

/** The subset of @tensorflow/tfjs-layers that the benchmark uses. */
type Tfl = typeof import('@tensorflow/tfjs-layers');

/** The same architecture with the same weights, as a compiled tfjs-layers model (probabilities, not logits). */
export async function peerModel(
  tfl: Tfl,
  model: AecnnModel,
): Promise<import('@tensorflow/tfjs-layers').LayersModel> {
  const outputs = trainedOutputs(model);
  const a = toLayersArtifacts(model, { outputs, softmax: outputs.includes('logits') });
  const peer = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: a.modelTopology,
      weightSpecs: a.weightSpecs,
      weightData: a.weightData,
    }),
  );
  // NOTE: tfjs-layers' own 'meanSquaredError' keeps the image axes, which breaks its sum with the per-image
  // cross-entropy of a second output; this one is the same loss, averaged per image.
  const mse = (t: tf.Tensor, p: tf.Tensor) => tf.mean(tf.square(tf.sub(t, p)), [1, 2, 3]);
  const losses = outputs.map((h) => (h === 'logits' ? 'categoricalCrossentropy' : mse));
  peer.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (losses.length === 1 ? losses[0]! : losses) as Parameters<typeof peer.compile>[0]['loss'],
  });
  return peer;
}

/** Targets for the peer's outputs, in output order. */
export function peerTargets(model: AecnnModel, x: tf.Tensor, labels: tf.Tensor): tf.Tensor | tf.Tensor[] {
  const t = trainedOutputs(model).map((h) => (h === 'logits' ? tf.oneHot(labels, 10) : x));
  return t.length === 1 ? t[0]! : t;
}

/** The outputs a loss trains (all but the latent code), in output order: the ones the peer exposes. */
function trainedOutputs(model: AecnnModel): string[] {
  return model.outputNames.filter((h) => h !== 'latent');
}
