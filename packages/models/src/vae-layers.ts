import { defineLayer, type Shape } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';

// The VAE's two parameter-free layers. Each reads [mean, logVar], both [batch, latentDim].

function sameLatentShapes(kind: string, [mean, logVar]: readonly Shape[]): Shape {
  if (mean!.length !== 1 || logVar!.length !== 1 || mean![0] !== logVar![0]) {
    throw new Error(
      `${kind}: expected [mean, logVar] of one shape [latentDim], got [${mean}] and [${logVar}]`,
    );
  }
  return mean!;
}

/**
 * The reparameterised sample z = mean + exp(logVar / 2) * eps, eps ~ N(0, I) seeded by the call's `ctx.seed`.
 * In training it always samples; at inference it returns the mean (a deterministic model), unless the call
 * passes `ctx.seed`, which asks for a seeded sample (evaluate's negative ELBO does). [b, d], [b, d] → [b, d].
 */
export const vaeSample = defineLayer({
  kind: 'vaeSample',
  inputs: 2,
  outputShape: (shapes) => sameLatentShapes('vaeSample', shapes),
  forward: (_params, [mean, logVar], _options, { training, seed }) => {
    if (!training && seed === undefined) return tf.clone(mean!);
    const eps = tf.randomNormal(mean!.shape, 0, 1, 'float32', seed);
    return tf.add(mean!, tf.mul(tf.exp(tf.mul(logVar!, 0.5)), eps));
  },
});

/** Options of `vaeKl`. */
export interface VaeKlOptions {
  /** Weight of the KL divergence (a beta-VAE's beta), >= 0. Default 1. */
  readonly beta?: number;
}

/** Checks a VAE's beta (a finite number >= 0). */
export function checkBeta(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(
      `${where}: beta must be a finite number >= 0 (the weight of the KL term; 1 is the plain VAE), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * beta * KL(N(mean, exp(logVar)) || N(0, I)) per image, in nats:
 * beta * 0.5 * sum_j (exp(logVar_j) + mean_j^2 - 1 - logVar_j). [b, d], [b, d] → [b].
 */
export const vaeKl = defineLayer<VaeKlOptions>({
  kind: 'vaeKl',
  inputs: 2,
  options: ['beta'],
  check: (o) => ({ beta: checkBeta('vaeKl', o.beta ?? 1) }),
  outputShape: (shapes) => {
    sameLatentShapes('vaeKl', shapes);
    return [];
  },
  forward: (_params, [mean, logVar], { beta }) => {
    const perDim = tf.sub(tf.add(tf.exp(logVar!), tf.square(mean!)), tf.add(logVar!, 1));
    return tf.mul(tf.sum(perDim, 1), 0.5 * beta!);
  },
});

/** The layer kinds of @aecnn/models' graphs beyond @aecnn/layers' own, for rebuilding configs. */
export const MODEL_LAYER_KINDS = Object.freeze({ vaeSample, vaeKl });
