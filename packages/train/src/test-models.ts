// Tiny hand-built models for the trainer's own tests (not exported): the Model contract without @aecnn/models.

import { useBackend } from '@aecnn/backends';
import type { ForwardContext, Head, Model, ModelOutput, Module } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll } from 'vitest';
import { tensorSource } from './tensor-source';

function dense(
  inputs: number,
  units: number,
  seed: number,
  act: (t: tf.Tensor) => tf.Tensor,
  dropout = 0,
): Module {
  const kernel = tf.variable(tf.randomNormal([inputs, units], 0, Math.sqrt(2 / inputs), 'float32', seed));
  const bias = tf.variable(tf.zeros([units]));
  return {
    kind: 'dense',
    config: { kind: 'dense', units },
    inputShape: [inputs],
    outputShape: [units],
    params: { kernel, bias },
    children: {},
    apply: (x: tf.Tensor, ctx: ForwardContext) =>
      tf.tidy(() => {
        let h = tf.reshape(x, [x.shape[0]!, inputs]);
        if (dropout > 0 && ctx.training) h = tf.dropout(h, dropout, undefined, ctx.seed);
        return act(tf.add(tf.matMul(h, kernel), bias));
      }),
  };
}

/** A fusion model on [side, side, 1] images: encoder dense->relu (with optional dropout), decoder, classifier. */
export function tinyFusion(
  o: { side?: number; latent?: number; classes?: number; seed?: number; dropout?: number } = {},
): Model {
  const { side = 4, latent = 8, classes = 3, seed = 1, dropout = 0 } = o;
  const px = side * side;
  const encoder = dense(px, latent, seed, tf.relu, dropout);
  const decoder = dense(latent, px, seed + 1, tf.sigmoid);
  const classifier = dense(latent, classes, seed + 2, (t) => t);
  return {
    kind: 'fusion',
    config: { kind: 'fusion' },
    inputShape: [side, side, 1],
    modules: { encoder, decoder, classifier },
    outputNames: ['latent', 'reconstruction', 'logits'],
    lossNames: [],
    forward(
      x: tf.Tensor,
      ctx: ForwardContext,
      heads: readonly Head[] = ['latent', 'reconstruction', 'logits'],
    ): ModelOutput {
      const latentT = encoder.apply(x, ctx);
      const out: { latent?: tf.Tensor; reconstruction?: tf.Tensor; logits?: tf.Tensor } = { latent: latentT };
      if (heads.includes('reconstruction'))
        out.reconstruction = tf.reshape(decoder.apply(latentT, ctx), x.shape);
      if (heads.includes('logits')) out.logits = classifier.apply(latentT, ctx);
      return out;
    },
  };
}

/** A classifier only (no decoder): kind 'cnn'. */
export function tinyClassifier(o: { side?: number; classes?: number; seed?: number } = {}): Model {
  const { side = 4, classes = 3, seed = 1 } = o;
  const hidden = dense(side * side, 8, seed, tf.relu);
  const classifier = dense(8, classes, seed + 2, (t) => t);
  return {
    kind: 'cnn',
    config: { kind: 'cnn' },
    inputShape: [side, side, 1],
    modules: { encoder: hidden, classifier },
    outputNames: ['logits'],
    lossNames: [],
    forward: (x, ctx) => ({ logits: classifier.apply(hidden.apply(x, ctx), ctx) }),
  };
}

/**
 * Synthetic, learnable data: class c lights up a band of rows; images [n, side, side, 1] in [0, 1], labels [n].
 * Deterministic in `seed`.
 */
export function bands(n: number, o: { side?: number; classes?: number; seed?: number } = {}) {
  const { side = 4, classes = 3, seed = 7 } = o;
  return tf.tidy(() => {
    const labels = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % classes),
      'int32',
    );
    const rows = tf.reshape(
      tf.oneHot(tf.cast(tf.floorDiv(tf.mul(tf.range(0, side, 1, 'int32'), classes), side), 'int32'), classes),
      [side, classes],
    );
    // image[i, r, :] = 1 if row r belongs to the band of label i
    const band = tf.gather(tf.transpose(rows), labels); // [n, side]
    const img = tf.tile(tf.reshape(band, [n, side, 1, 1]), [1, 1, side, 1]);
    const noise = tf.randomUniform([n, side, side, 1], 0, 0.3, 'float32', seed);
    return { x: tf.clipByValue(tf.add(tf.mul(img, 0.7), noise), 0, 1), y: labels };
  });
}

/** Every variable's values, for bit-exact comparisons. */
export async function snapshot(model: Model): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const walk = async (m: Module) => {
    for (const v of Object.values(m.params)) out.push(Float32Array.from(await v.data()));
    for (const c of Object.values(m.children)) await walk(c);
  };
  for (const m of Object.values(model.modules)) await walk(m);
  return out;
}

/** Disposes a model's variables. */
export function disposeModel(model: Model): void {
  const walk = (m: Module) => {
    for (const v of Object.values(m.params)) v.dispose();
    for (const c of Object.values(m.children)) walk(c);
  };
  for (const m of Object.values(model.modules)) walk(m);
}

/** An autoencoder (encoder dense->relu, decoder dense->sigmoid): outputs latent and reconstruction. */
export function tinyAutoencoder(o: { side?: number; latent?: number; seed?: number } = {}): Model {
  const { side = 4, latent = 8, seed = 1 } = o;
  const encoder = dense(side * side, latent, seed, tf.relu);
  const decoder = dense(latent, side * side, seed + 1, tf.sigmoid);
  return {
    kind: 'autoencoder',
    config: { kind: 'autoencoder' },
    inputShape: [side, side, 1],
    modules: { encoder, decoder },
    outputNames: ['latent', 'reconstruction'],
    lossNames: [],
    forward(x, ctx) {
      const z = encoder.apply(x, ctx);
      return { latent: z, reconstruction: tf.reshape(decoder.apply(z, ctx), x.shape) };
    },
  };
}

/**
 * tinyAutoencoder plus an activity penalty it adds to any loss: `activity` = coef * mean(latent^2) per image [batch]
 * (lossNames ['activity']), as a sparse autoencoder or a VAE's KL term would.
 */
export function tinyPenalized(o: { coef?: number; seed?: number } = {}): Model {
  const { coef = 0.1, seed = 1 } = o;
  const base = tinyAutoencoder({ seed });
  return {
    ...base,
    kind: 'penalized',
    lossNames: ['activity'],
    forward(x, ctx, outputs) {
      const out = base.forward(x, ctx);
      const wanted = outputs ?? [...base.outputNames, 'activity'];
      const activity = tf.mul(tf.mean(tf.square(out.latent!), 1), coef);
      return Object.fromEntries(
        Object.entries({ ...out, activity }).filter(([k]) => wanted.includes(k)),
      ) as ModelOutput;
    },
  };
}

/** `model` with its outputs renamed (`{ logits: 'cls' }`): the same weights and numbers under other names. */
export function renamed(model: Model, names: Readonly<Record<string, string>>): Model {
  const back = Object.fromEntries(Object.entries(names).map(([from, to]) => [to, from]));
  return {
    ...model,
    outputNames: model.outputNames.map((n) => names[n] ?? n),
    forward(x, ctx, outputs) {
      const out = model.forward(
        x,
        ctx,
        outputs?.map((n) => back[n] ?? n),
      );
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [names[k] ?? k, t])) as ModelOutput;
    },
  };
}

/** The band images of a test suite with a labeled mask, set up on the cpu backend before its tests and freed after. */
export interface BandsSuite {
  data: { x: tf.Tensor; y: tf.Tensor };
  mask: tf.Tensor;
  /** A fresh batch source over all images, labels and the mask. */
  source: () => ReturnType<typeof tensorSource>;
}

/** Registers beforeAll/afterAll hooks that build `n` band images, every `labelEvery`-th one labeled. */
export function bandsSuite(n = 96, labelEvery = 3): BandsSuite {
  const suite = {
    source: () => tensorSource({ x: suite.data.x, y: suite.data.y, labeledMask: suite.mask }),
  } as BandsSuite;
  beforeAll(async () => {
    await useBackend('cpu');
    suite.data = bands(n);
    suite.mask = tf.tensor1d(Array.from({ length: n }, (_, i) => (i % labelEvery === 0 ? 1 : 0)));
  });
  afterAll(() => {
    tf.dispose([suite.data.x, suite.data.y, suite.mask]);
  });
  return suite;
}
