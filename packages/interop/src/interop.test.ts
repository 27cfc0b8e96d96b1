import '@aecnn/backends/chained-ops';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import {
  build,
  conv2d,
  dense,
  flatten,
  type GraphModule,
  type Module,
  maxPool2d,
  sequential,
} from '@aecnn/layers';
import { registerFileScheme } from '@aecnn/layers/node';
import { articleCnn, autoencoder, fusion } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportLayersModel, fromLayersArtifacts, importLayersModel, toLayersArtifacts } from './index';
import { batch, infer, maxDiff, memory } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('exportLayersModel → tf.loadLayersModel', () => {
  it('gives the same logits for the article CNN (347,146 weights, Keras names)', async () => {
    const { model } = articleCnn({ seed: 1 });
    const h = memory();
    await exportLayersModel(model, h, { outputs: ['logits'] });
    const loaded = await tfl.loadLayersModel(h);
    expect(loaded.countParams()).toBe(347146);
    const x = batch(model.inputShape);
    const ours = model.forward(x, infer).logits!;
    const theirs = loaded.predict(x) as tf.Tensor;
    expect(theirs.shape).toEqual([3, 10]);
    expect(maxDiff(ours, theirs)).toBeLessThan(1e-5);
  });

  it('exports the fusion model as one model with [latent, reconstruction, logits] outputs', async () => {
    const { model } = fusion({ inputShape: [28, 28, 1], latentDim: 16, classes: 10, seed: 2 });
    const h = memory();
    await exportLayersModel(model, h);
    const loaded = await tfl.loadLayersModel(h);
    const x = batch(model.inputShape);
    const ours = model.forward(x, infer);
    const [latent, recon, logits] = loaded.predict(x) as tf.Tensor[];
    expect(latent!.shape).toEqual([3, 16]);
    expect(maxDiff(ours.latent!, latent!)).toBeLessThan(1e-5);
    expect(recon!.shape).toEqual([3, 28, 28, 1]);
    expect(maxDiff(ours.reconstruction!, recon!)).toBeLessThan(1e-5);
    expect(maxDiff(ours.logits!, logits!)).toBeLessThan(1e-5);
  });

  it('exports a conv autoencoder with transposed convolutions', async () => {
    const { model } = autoencoder({ inputShape: [28, 28, 1], latentDim: 8, kind: 'conv', seed: 3 });
    const a = toLayersArtifacts(model, { outputs: ['reconstruction'] });
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: a.modelTopology,
        weightSpecs: a.weightSpecs,
        weightData: a.weightData,
      }),
    );
    const x = batch(model.inputShape);
    expect(maxDiff(model.forward(x, infer).reconstruction!, loaded.predict(x) as tf.Tensor)).toBeLessThan(
      1e-5,
    );
  });

  it('appends a softmax to the classifier head when asked', async () => {
    const { model } = articleCnn({ seed: 4 });
    const a = toLayersArtifacts(model, { softmax: true, outputs: ['logits'] });
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: a.modelTopology,
        weightSpecs: a.weightSpecs,
        weightData: a.weightData,
      }),
    );
    const p = tf.sum(loaded.predict(batch(model.inputShape)) as tf.Tensor, 1).dataSync();
    for (const s of p) expect(s).toBeCloseTo(1, 5);
  });
});

describe('tf.io URLs', () => {
  it('exports to and imports from a file:// URL once registerFileScheme() ran, with the same logits', async () => {
    registerFileScheme();
    const dir = await mkdtemp(path.join(tmpdir(), 'aecnn-interop-'));
    try {
      const { model } = articleCnn({ seed: 2 });
      const url = `file://${path.join(dir, 'article')}`;
      await exportLayersModel(model, url, { outputs: ['logits'] });
      const loaded = await tfl.loadLayersModel(url);
      const back = (await importLayersModel(url)) as Module;
      const x = batch(model.inputShape);
      const ours = model.forward(x, infer).logits!;
      expect(maxDiff(ours, loaded.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
      expect(maxDiff(ours, back.apply(x, infer))).toBeLessThan(1e-5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a URL that no tf.io router takes, and a handler without save()', async () => {
    const { model } = articleCnn({ seed: 1 });
    await expect(exportLayersModel(model, 'nowhere://x')).rejects.toThrow(
      /exportLayersModel: no tf.io handler for 'nowhere:\/\/x'; pass a handler/,
    );
    await expect(importLayersModel('nowhere://x')).rejects.toThrow(/importLayersModel: no tf.io handler/);
    await expect(exportLayersModel(model, {} as tf.io.IOHandler)).rejects.toThrow(
      /expected a tf.io handler with save\(\), or a URL/,
    );
  });
});

describe('importLayersModel', () => {
  it('reads a model built directly with tfjs-layers, with the same outputs', async () => {
    const k = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [12, 12, 2],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
        tfl.layers.upSampling2d({ size: [2, 2] }),
        tfl.layers.averagePooling2d({ poolSize: 2 }),
        tfl.layers.batchNormalization(),
        tfl.layers.flatten(),
        tfl.layers.dropout({ rate: 0.3 }),
        tfl.layers.dense({ units: 20, activation: 'elu' }),
        tfl.layers.reshape({ targetShape: [4, 5] }),
        tfl.layers.activation({ activation: 'tanh' }),
      ],
    });
    // Non-trivial batch-norm statistics, so that a mix-up of the four weights shows.
    const bn = k.layers[5]!;
    bn.setWeights(
      bn.getWeights().map((w, i) => tf.add(tf.mul(tf.randomUniform(w.shape, 0, 1, 'float32', i), 0.5), 0.5)),
    );
    const h = memory();
    await k.save(h);
    const module = fromLayersArtifacts(h.artifacts!) as Module;
    expect(module.outputShape).toEqual([4, 5]);
    const x = batch([12, 12, 2]);
    expect(maxDiff(module.apply(x, infer), k.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('round-trips our fusion model through the Layers format as a graph with two outputs', async () => {
    const { model } = fusion({ inputShape: [28, 28, 1], latentDim: 16, classes: 10, seed: 5 });
    const artifacts = toLayersArtifacts(model, { outputs: ['reconstruction', 'logits'] });
    const imported = fromLayersArtifacts(artifacts as unknown as tf.io.ModelArtifacts) as GraphModule;
    expect(imported.outputNames).toHaveLength(2);
    const x = batch(model.inputShape);
    const ours = model.forward(x, infer);
    const out = Object.values(imported.forward(x, infer));
    expect(maxDiff(ours.reconstruction!, out[0]!)).toBeLessThan(1e-6);
    expect(maxDiff(ours.logits!, out[1]!)).toBeLessThan(1e-6);
  });

  it('names an unknown or repeated output, and softmax without a logits output', () => {
    const { model } = fusion({ inputShape: [28, 28, 1], latentDim: 8, classes: 10, seed: 6 });
    expect(() => toLayersArtifacts(model, { outputs: ['logit'] })).toThrow(
      /toLayersArtifacts: unknown output 'logit'; this graph has latent, reconstruction, logits/,
    );
    expect(() => toLayersArtifacts(model, { outputs: ['logits', 'logits'] })).toThrow(/lists a name twice/);
    expect(() => toLayersArtifacts(model, { outputs: [] })).toThrow(/non-empty list of output names/);
    expect(() => toLayersArtifacts(model, { outputs: ['latent'], softmax: true })).toThrow(
      /softmax needs a 'logits' output; the exported outputs are latent/,
    );
  });

  it('names an unsupported layer and lists the supported ones', async () => {
    const k = tfl.sequential({ layers: [tfl.layers.lstm({ inputShape: [4, 3], units: 2 })] });
    const h = memory();
    await k.save(h);
    expect(() => fromLayersArtifacts(h.artifacts!)).toThrow(
      /'lstm.*' \(LSTM\) is not supported; supported layers: InputLayer, Conv2D/,
    );
  });

  it('says which weight is missing or mis-shaped', () => {
    const m = build(
      sequential([
        conv2d({ filters: 2, kernelSize: 3, name: 'c' }),
        flatten(),
        dense({ units: 2, name: 'd' }),
      ]),
      [5, 5, 1],
      { seed: 1 },
    );
    const a = toLayersArtifacts(m);
    const missing = { ...a, weightSpecs: a.weightSpecs.slice(1), weightData: a.weightData.slice(4 * 18) };
    expect(() => fromLayersArtifacts(missing as tf.io.ModelArtifacts)).toThrow(
      /weight 'c\/kernel' is missing/,
    );
    const wrong = {
      ...a,
      weightSpecs: a.weightSpecs.map((s) => (s.name === 'd/bias' ? { ...s, shape: [1, 2] } : s)),
    };
    expect(() => fromLayersArtifacts(wrong as tf.io.ModelArtifacts)).toThrow(
      /'d\/bias' has shape \[1,2\], layer 'd' expects \[2\]/,
    );
  });

  it('rejects a kind it cannot export, naming the layer', () => {
    const m = build(sequential([maxPool2d({ poolSize: 2 }), flatten()]), [4, 4, 1]);
    const bogus = {
      ...m,
      children: { ...m.children, odd: { ...m.children[Object.keys(m.children)[0]!]!, kind: 'mystery' } },
    } as Module;
    expect(() => toLayersArtifacts(bogus)).toThrow(
      /kind 'mystery' has no TF.js Layers equivalent; exportable kinds: dense/,
    );
  });
});
