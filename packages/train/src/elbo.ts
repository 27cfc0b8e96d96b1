import { checkSeed, type Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropySumPerImage, gaussianKlPerImage } from './losses';

/** A VAE's per-image negative ELBO and its two terms, in nats, [batch] each. */
export interface ElboTerms {
  /** reconstruction + kl: the negative evidence lower bound, -ELBO >= -log p(x). */
  readonly negativeElbo: tf.Tensor1D;
  /** -log p(x | z) for one posterior sample z: Bernoulli (BCE) summed over the image's pixels. */
  readonly reconstruction: tf.Tensor1D;
  /** KL(q(z | x) || N(0, I)) from the `mean` and `logVar` outputs, not weighted by the model's beta. */
  readonly kl: tf.Tensor1D;
}

const OUTPUTS = ['mean', 'logVar', 'reconstruction'] as const;

/** Whether `model` is a VAE whose ELBO can be measured: it adds a `kl` loss term and returns mean, logVar and reconstruction. */
export function hasElbo(model: Model): boolean {
  return (model.lossNames ?? []).includes('kl') && OUTPUTS.every((o) => model.outputNames.includes(o));
}

/**
 * The per-image negative ELBO of a VAE on images `x` in [0, 1] (the anomaly score 'elbo'), in inference mode with
 * one posterior sample seeded by `seed` (the model's `latent` samples when the call passes a seed). Dispose the result.
 */
export function negativeElbo(
  model: Model,
  x: tf.Tensor,
  options: { readonly seed?: number } = {},
): ElboTerms {
  if (!hasElbo(model)) {
    throw new Error(
      `negativeElbo: expected a VAE (a 'kl' loss term and outputs mean, logVar, reconstruction), got outputs ${model.outputNames.join(', ')}${model.lossNames?.length ? ` and loss terms ${model.lossNames.join(', ')}` : ''}`,
    );
  }
  const seed = checkSeed('negativeElbo', options.seed ?? 0);
  return tf.tidy(() => {
    const out = model.forward(x, { training: false, seed }, [...OUTPUTS]);
    const reconstruction = binaryCrossEntropySumPerImage(out.reconstruction!, x);
    const kl = gaussianKlPerImage(out.mean!, out.logVar!);
    return { negativeElbo: tf.add(reconstruction, kl) as tf.Tensor1D, reconstruction, kl };
  });
}
