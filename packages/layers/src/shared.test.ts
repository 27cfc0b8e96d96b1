import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { convBlock } from './conv-block';
import { deconvBlock } from './deconv-block';
import { dense } from './dense';
import { flatten } from './flatten';
import type { Head, Model, ModelOutput } from './module';
import { namedParams, paramCount, trainableVariables } from './params';
import { reshape } from './reshape';
import { sequential } from './sequential';
import { summary } from './summary';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

/** A tiny fusion model written against the Model contract: one encoder feeds a decoder and a classifier. */
function fusion(seed: number): Model {
  const encoder = build(
    sequential([
      convBlock({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
      flatten(),
      dense({ units: 8 }),
    ]),
    [8, 8, 1],
    { seed, name: 'encoder' },
  );
  const decoder = build(
    sequential([
      dense({ units: 4 * 4 * 4, activation: 'relu' }),
      reshape({ targetShape: [4, 4, 4] }),
      deconvBlock({ filters: 1, kernelSize: 3, activation: 'sigmoid' }),
    ]),
    encoder.outputShape,
    { seed, name: 'decoder' },
  );
  const classifier = build(dense({ units: 3 }), encoder.outputShape, { seed, name: 'classifier' });
  return {
    kind: 'fusion',
    config: { kind: 'fusion' },
    inputShape: [8, 8, 1],
    modules: { encoder, decoder, classifier },
    outputNames: ['latent', 'reconstruction', 'logits'],
    lossNames: [],
    forward(x, ctx, heads: readonly Head[] = ['latent', 'reconstruction', 'logits']): ModelOutput {
      return tf.tidy(() => {
        const latent = encoder.apply(x, ctx);
        const out: Record<string, tf.Tensor> = {};
        if (heads.includes('latent')) out.latent = latent;
        if (heads.includes('reconstruction')) out.reconstruction = decoder.apply(latent, ctx);
        if (heads.includes('logits')) out.logits = classifier.apply(latent, ctx);
        return out;
      });
    },
  };
}

describe('one encoder shared by two heads', () => {
  it('lists the shared Variables once and trains them from both losses', () => {
    const model = fusion(1);
    const vars = trainableVariables(model.modules);
    expect(new Set(vars).size).toBe(vars.length);
    expect([...namedParams(model.modules).keys()].filter((p) => p.startsWith('encoder/'))).toHaveLength(4);
    expect(summary(model.modules)).toContain(
      `Total params: ${paramCount(model.modules).toLocaleString('en-US')}`,
    );

    const x = tf.randomUniform([2, 8, 8, 1]);
    const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const lossOf = (heads: Head[]) => () =>
      tf.tidy(() => {
        const out = model.forward(x, { training: true }, heads);
        let loss = tf.scalar(0);
        if (out.reconstruction) loss = tf.add(loss, tf.mean(tf.square(tf.sub(out.reconstruction, x))));
        if (out.logits) loss = tf.add(loss, tf.losses.softmaxCrossEntropy(labels, out.logits));
        return loss as tf.Scalar;
      });
    const encoderKernel = namedParams(model.modules).get('encoder/convBlock1/conv/kernel')!;
    const gradOf = (heads: Head[]) => {
      const { value, grads } = tf.variableGrads(lossOf(heads), vars);
      const g = Array.from(grads[encoderKernel.name]!.dataSync());
      tf.dispose([value, grads]);
      return g;
    };
    const rec = gradOf(['reconstruction']);
    const cls = gradOf(['logits']);
    const both = gradOf(['reconstruction', 'logits']);
    // the shared encoder's gradient is the sum of the two heads' gradients
    both.forEach((g, i) => {
      expect(g).toBeCloseTo(rec[i]! + cls[i]!, 4);
    });
    expect(rec.some((g) => g !== 0) && cls.some((g) => g !== 0)).toBe(true);
  });

  it('computes only the heads asked for and leaks nothing', () => {
    const model = fusion(2);
    const x = tf.randomUniform([2, 8, 8, 1]);
    const before = tf.memory().numTensors;
    const out = model.forward(x, { training: false }, ['logits']);
    expect(Object.keys(out)).toEqual(['logits']);
    expect(out.logits!.shape).toEqual([2, 3]);
    tf.dispose(out.logits);
    expect(tf.memory().numTensors).toBe(before);
  });
});
