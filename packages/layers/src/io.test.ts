import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { fromConfig, toConfig } from './config';
import { convBlock } from './conv-block';
import { dense } from './dense';
import { denseBlock } from './dense-block';
import { flatten } from './flatten';
import { loadModule, loadModules, loadWeights, memoryHandler, saveModule } from './io';
import { sequential } from './sequential';
import { backend } from './testing/setup';
import { getWeights, setWeights } from './weights';

beforeAll(() => backend('cpu'));

const classifier = () =>
  sequential([
    convBlock({ filters: 4, kernelSize: 3, norm: 'batch', pool: 2, name: 'block1' }),
    flatten(),
    denseBlock({ units: 8, name: 'fc' }),
    dense({ units: 3, name: 'out' }),
  ]);

describe('save / load through tf.io', () => {
  it('round-trips through memoryHandler with identical outputs (statistics included)', async () => {
    const m = build(classifier(), [8, 8, 1], { seed: 1 });
    const x = tf.randomNormal([2, 8, 8, 1]);
    m.apply(x, { training: true }); // moves the batch-norm statistics away from their initial values
    const h = memoryHandler();
    await saveModule(m, h, { metadata: { epoch: 3 } });
    const { module, metadata } = await loadModule(h);
    expect(metadata).toEqual({ epoch: 3 });
    expect(module.config).toEqual(m.config);
    expect(Array.from(module.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(m.apply(x, { training: false }).dataSync()),
    );
  });

  it("works with tfjs-core's own handlers (withSaveHandler / fromMemory)", async () => {
    const m = build(classifier(), [8, 8, 1], { seed: 2 });
    let saved: io.ModelArtifacts | undefined;
    await saveModule(
      m,
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved!.weightSpecs!.map((s) => s.name)).toContain('block1/norm/movingVariance');
    const { module } = await loadModule(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([1, 8, 8, 1]);
    expect(Array.from(module.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(m.apply(x, { training: false }).dataSync()),
    );
  });

  it('saves named modules and loads weights into existing ones', async () => {
    const encoder = build(sequential([flatten(), dense({ units: 4 })]), [2, 3], { seed: 3 });
    const head = build(dense({ units: 2 }), [4], { seed: 4 });
    const h = memoryHandler();
    await saveModule({ encoder, head }, h);
    const { modules } = await loadModules(h);
    expect(Object.keys(modules)).toEqual(['encoder', 'head']);
    await expect(loadModule(h)).rejects.toThrow('holds named modules; use loadModules');
    const fresh = {
      encoder: build(sequential([flatten(), dense({ units: 4 })]), [2, 3], { seed: 9 }),
      head: build(dense({ units: 2 }), [4], { seed: 9 }),
    };
    await loadWeights(fresh, h);
    expect(Array.from(fresh.head.params.kernel!.dataSync())).toEqual(
      Array.from(head.params.kernel!.dataSync()),
    );
  });

  it('names a missing or mis-shaped weight', async () => {
    const m = build(classifier(), [8, 8, 1], { seed: 1 });
    const h = memoryHandler('ckpt');
    await saveModule(m, h);
    const a = h.artifacts!;
    // drop one weight (its bytes too) and claim another has a different shape
    const specs = a.weightSpecs!;
    const idx = specs.findIndex((s) => s.name === 'fc/dense/bias');
    const before = specs.slice(0, idx).reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 4), 0);
    const data = a.weightData as ArrayBuffer;
    const cut = new Uint8Array(data.byteLength - 8 * 4);
    cut.set(new Uint8Array(data, 0, before));
    cut.set(new Uint8Array(data, before + 32), before);
    const broken = memoryHandler('broken');
    broken.artifacts = { ...a, weightSpecs: specs.filter((_, i) => i !== idx), weightData: cut.buffer };
    await expect(loadModule(broken)).rejects.toThrow(
      "setWeights from memoryHandler(broken): 1 problem(s):\n  missing weight 'fc/dense/bias' (expected [8] float32)",
    );
    const reshaped = memoryHandler('reshaped');
    reshaped.artifacts = {
      ...a,
      weightSpecs: specs.map((s) => (s.name === 'out/kernel' ? { ...s, shape: [3, 8] } : s)),
    };
    await expect(loadModule(reshaped)).rejects.toThrow(
      "weight 'out/kernel': expected [8, 3] float32, got [3, 8] float32",
    );
    const truncated = memoryHandler('truncated');
    truncated.artifacts = { ...a, weightData: data.slice(0, 100) };
    await expect(loadModule(truncated)).rejects.toThrow(
      /holds 100 bytes but its manifest describes \d+; the weights file is truncated/,
    );
  });

  it('explains unknown URLs and foreign artifacts', async () => {
    const m = build(dense({ units: 1 }), [1]);
    await expect(saveModule(m, 'nowhere://x')).rejects.toThrow(
      /no tf.io save handler for 'nowhere:\/\/x'.*@aecnn\/layers\/node/,
    );
    const foreign = tf.io.fromMemory({
      modelTopology: { class_name: 'Sequential' },
      weightSpecs: [],
      weightData: new ArrayBuffer(0),
    });
    await expect(loadModule(foreign)).rejects.toThrow(/does not hold @aecnn\/layers artifacts/);
    await expect(loadModule(memoryHandler('empty'))).rejects.toThrow(
      'memoryHandler(empty): nothing has been saved yet',
    );
  });

  it('loads a model.json saved before the blocks took Keras names (kernel, stride, act)', async () => {
    const m = build(classifier(), [8, 8, 1], { seed: 5 });
    const h = memoryHandler();
    await saveModule(m, h);
    // Rewrite the saved topology as an older version wrote it.
    const old = JSON.stringify(h.artifacts!.modelTopology)
      .replace('"kernelSize":3,"strides":1', '"kernel":3,"stride":1')
      .replaceAll('"activation":"relu","pool"', '"act":"relu","pool"')
      .replace('"activation":"relu","dropout"', '"act":"relu","dropout"');
    expect(old).toContain('"kernel":3,"stride":1');
    expect(old).toContain('"act":"relu","pool"');
    h.artifacts = { ...h.artifacts!, modelTopology: JSON.parse(old) };
    const { module } = await loadModule(h);
    expect(module.config).toEqual(m.config);
    const x = tf.randomNormal([2, 8, 8, 1]);
    expect(Array.from(module.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(m.apply(x, { training: false }).dataSync()),
    );
  });

  it('reject unknown options, naming the closest known one', async () => {
    const m = build(dense({ units: 1 }), [1], { seed: 1 });
    const h = memoryHandler();
    await expect(saveModule(m, h, { metdata: {} } as never)).rejects.toThrow(
      "saveModule: unknown option 'metdata'; did you mean 'metadata'? expected one of metadata",
    );
    await saveModule(m, h);
    await expect(loadModule(h, { kind: {} } as never)).rejects.toThrow(
      "loadModule: unknown option 'kind'; did you mean 'kinds'? expected one of kinds",
    );
    await expect(loadModules(h, { kinds: {}, seed: 1 } as never)).rejects.toThrow(
      "loadModules: unknown option 'seed'; expected one of kinds",
    );
    expect(() => build(dense({ units: 1 }), [1], { sed: 1 } as never)).toThrow(
      "build: unknown option 'sed'; did you mean 'seed'? expected one of seed, name",
    );
    expect(() => fromConfig(toConfig(m), [1], { kind: {} } as never)).toThrow(
      "fromConfig: unknown option 'kind'; did you mean 'kinds'? expected one of kinds, seed, name",
    );
    expect(() => setWeights(m, getWeights(m), { stict: false } as never)).toThrow(
      "setWeights: unknown option 'stict'; did you mean 'strict'? expected one of strict, source",
    );
  });

  it('saving and loading leak no tensors', async () => {
    const m = build(classifier(), [8, 8, 1], { seed: 1 });
    const h = memoryHandler();
    const before = tf.memory().numTensors;
    await saveModule(m, h);
    await loadWeights(m, h);
    expect(tf.memory().numTensors).toBe(before);
  });
});
