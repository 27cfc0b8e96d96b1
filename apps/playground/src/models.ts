import { type Head, type ModelOutput, namedParams } from '@aecnn/layers';
import {
  type AecnnModel,
  articleAutoencoder,
  articleCnn,
  articleFusion,
  autoencoder,
  cnn,
  fusion,
} from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';

/** The model families the page trains. */
export type ModelKind = 'autoencoder' | 'cnn' | 'fusion';
/** `small` trains fast even on software WebGL; `article` is the source article's layer choices, made to work. */
export type ModelSize = 'small' | 'article';

const INPUT = [28, 28, 1];

/** Builds a fresh model of `kind` and `size` for 28x28 digits, seeded. */
export function createModel(kind: ModelKind, size: ModelSize, seed: number): AecnnModel {
  if (size === 'article') {
    if (kind === 'autoencoder') return articleAutoencoder({ seed }).model;
    if (kind === 'cnn') return articleCnn({ seed }).model;
    return articleFusion({ seed }).model;
  }
  if (kind === 'autoencoder') {
    return autoencoder({ inputShape: INPUT, latentDim: 16, kind: 'conv', filters: [16, 32], seed }).model;
  }
  if (kind === 'cnn') {
    return cnn({
      inputShape: INPUT,
      classes: 10,
      blocks: [{ filters: 16 }, { filters: 32 }],
      dense: [64],
      seed,
    }).model;
  }
  return fusion({ inputShape: INPUT, latentDim: 16, classes: 10, filters: [16, 32], hidden: [64], seed })
    .model;
}

/** Frees a model's weights (every Variable of its modules, shared ones once). */
export function disposeModel(model: AecnnModel): void {
  for (const v of new Set(namedParams(model.modules).values())) v.dispose();
}

/**
 * Runs the model in inference mode on `x` (made and freed inside one tidy) for the wanted heads that the model
 * has; the caller disposes the outputs.
 */
export function infer(model: AecnnModel, x: () => tf.Tensor, wanted: readonly Head[]): ModelOutput {
  const heads = wanted.filter((h) => model.outputNames.includes(h));
  if (heads.length === 0) return {};
  // NOTE: ModelOutput has optional fields, which tidy's TensorContainer type does not allow; the cast is safe.
  return tf.tidy(
    () => model.forward(x(), { training: false }, heads) as tf.TensorContainerObject,
  ) as ModelOutput;
}

/** Disposes every tensor of a model output. */
export function disposeOutput(o: ModelOutput): void {
  tf.dispose([o.latent, o.reconstruction, o.logits].filter((t): t is tf.Tensor => t !== undefined));
}
