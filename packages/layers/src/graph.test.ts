import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchNorm } from './batch-norm';
import { build } from './build';
import { fromConfig, toConfig } from './config';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { flatten } from './flatten';
import { graph, input } from './graph-spec';
import type { GraphModule } from './graph-types';
import { loadModule, memoryHandler, saveModule } from './io';
import { add, concatenate, multiply, subtract } from './merge';
import { namedParams, paramCount } from './params';
import { maxPool2d } from './pool2d';
import { sequential } from './sequential';
import { summary } from './summary';
import { backend } from './testing/setup';
import { upSampling2d } from './up-sampling2d';

beforeAll(() => backend('cpu'));
let start = 0;
beforeEach(() => {
  start = tf.memory().numTensors;
});
afterEach(() => {
  tf.disposeVariables();
});

const conv = (filters: number, name?: string) =>
  conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...(name ? { name } : {}) });

/** A two-level U-Net on 8x8x3: down, bottleneck, up with a concatenated skip. */
function tinyUnet() {
  const x = input([8, 8, 3], { name: 'image' });
  const e1 = conv(4, 'enc1').apply(x); // 8x8x4
  const e2 = conv(8, 'enc2').apply(maxPool2d({ poolSize: 2 }).apply(e1)); // 4x4x8
  const u = upSampling2d({ size: 2 }).apply(e2); // 8x8x8
  const m = concatenate({ name: 'skip' }).apply([u, e1]); // 8x8x12
  const y = conv2d({ filters: 3, kernelSize: 1, activation: 'sigmoid', name: 'out' }).apply(
    batchNorm().apply(m),
  );
  return { x, e1, e2, u, m, y, spec: graph({ inputs: x, outputs: { reconstruction: y }, name: 'unet' }) };
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('graph', () => {
  it('knows every shape at once and builds a model with named outputs', () => {
    const { u, m, y, spec } = tinyUnet();
    expect(u.shape).toEqual([8, 8, 8]);
    expect(m.shape).toEqual([8, 8, 12]);
    expect(y.shape).toEqual([8, 8, 3]);
    const model = build(spec, { seed: 1 });
    expect(model.outputNames).toEqual(['reconstruction']);
    expect(model.lossNames).toEqual([]);
    expect([...namedParams(model).keys()]).toEqual([
      'enc1/kernel',
      'enc1/bias',
      'enc2/kernel',
      'enc2/bias',
      'batchNorm1/gamma',
      'batchNorm1/beta',
      'batchNorm1/movingMean',
      'batchNorm1/movingVariance',
      'out/kernel',
      'out/bias',
    ]);
    // 3*3*3*4+4 + 3*3*4*8+8 + 4*12 + 12*3+3
    expect(model.paramCount()).toBe(112 + 296 + 48 + 39);
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3);
    const out = model.forward(x, { training: false });
    expect(out.reconstruction!.shape).toEqual([2, 8, 8, 3]);
    expect(model.apply(x, { training: false }).shape).toEqual([2, 8, 8, 3]);
    tf.dispose([x, out.reconstruction!]);
  });

  it('summarises each layer with its output shape, parameters and inputs', () => {
    const model = build(tinyUnet().spec, { seed: 1 });
    const s = summary(model);
    expect(s).toBe(model.summary());
    expect(s).toMatch(/^image\s+input\s+\(None, 8, 8, 3\)\s+0$/m);
    expect(s).toMatch(/^skip\s+concatenate\s+\(None, 8, 8, 12\)\s+0\s+upSampling2d1, enc1$/m);
    expect(s).toMatch(/^enc2\s+conv2d\s+\(None, 4, 4, 8\)\s+296\s+maxPool2d1$/m);
    expect(s).toMatch(/Outputs: reconstruction ← out/);
    expect(s).toMatch(/Total params: 495/);
  });

  it('round-trips config, save and load with bit-identical outputs', async () => {
    const model = build(tinyUnet().spec, { seed: 4 });
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5);
    model.forward(x, { training: true }); // moves the batch-norm statistics
    const config = toConfig(model);
    expect(config).toMatchObject({
      kind: 'graph',
      name: 'unet',
      inputs: [{ name: 'image', shape: [8, 8, 3] }],
      outputs: { reconstruction: ['out', 0] },
    });
    expect((config.layers as { name: string; calls: unknown }[]).find((l) => l.name === 'skip')).toEqual({
      name: 'skip',
      layer: { kind: 'concatenate', axis: -1, name: 'skip' },
      calls: [
        [
          ['upSampling2d1', 0],
          ['enc1', 0],
        ],
      ],
    });
    const fresh = fromConfig(config, [8, 8, 3], { seed: 4 });
    expect(toConfig(fresh)).toEqual(config);
    const h = memoryHandler();
    await saveModule(model, h);
    const { module } = await loadModule(h);
    expect(module.kind).toBe('graph');
    expect(values(module.apply(x, { training: false }))).toEqual(values(model.apply(x, { training: false })));
  });

  it('shares the weights of a spec applied twice', () => {
    const x = input([4]);
    const shared = dense({ units: 4, name: 'shared' });
    const y = shared.apply(shared.apply(x));
    const model = build(graph({ inputs: x, outputs: y }), { seed: 2 });
    expect(model.outputNames).toEqual(['output']);
    expect(paramCount(model)).toBe(20);
    expect(model.summary()).toMatch(/^shared\s+dense\s+\(None, 4\)\s+20\s+input; shared$/m);
    const xs = tf.tensor2d([[1, 2, 3, 4]]);
    const k = model.children.shared!.params.kernel!;
    const b = model.children.shared!.params.bias!;
    const once = tf.add(tf.matMul(xs, k), b);
    const twice = tf.add(tf.matMul(once, k), b);
    const got = model.apply(xs, { training: false });
    for (const [i, v] of values(got).entries()) expect(v).toBeCloseTo(values(twice)[i]!, 5);
    expect(toConfig(model).layers).toEqual([
      {
        name: 'shared',
        layer: {
          kind: 'dense',
          units: 4,
          activation: 'linear',
          useBias: true,
          kernelInitializer: 'glorotUniform',
          name: 'shared',
        },
        calls: [[['input']], [['shared', 0]]],
      },
    ]);
    tf.dispose([xs, once, twice, got]);
  });

  it('builds a residual block with add and nests graphs in graphs and sequentials', () => {
    const r = input([4, 4, 2]);
    const block = graph({
      inputs: r,
      outputs: add().apply([r, conv(2).apply(conv(2).apply(r))]),
      name: 'res',
    });
    const x = input([4, 4, 2]);
    const y = dense({ units: 3 }).apply(flatten().apply(block.apply(block.apply(x))));
    const model = build(graph({ inputs: x, outputs: { logits: y } }), { seed: 3 });
    expect(paramCount(model)).toBe(2 * (3 * 3 * 2 * 2 + 2) + (32 * 3 + 3));
    expect(model.summary()).toMatch(/^res\s+graph\s+\(None, 4, 4, 2\)\s+76\s+input; res$/m);
    const chain = build(sequential([block, flatten()]), [4, 4, 2], { seed: 3 });
    expect(chain.outputShape).toEqual([32]);
    const xs = tf.ones([1, 4, 4, 2]);
    expect(model.forward(xs, { training: false }).logits!.shape).toEqual([1, 3]);
    expect(chain.apply(xs, { training: false }).shape).toEqual([1, 32]);
    const back = fromConfig(toConfig(model), [4, 4, 2], { seed: 3 }) as GraphModule;
    expect(values(back.forward(xs, { training: false }).logits!)).toEqual(
      values(model.forward(xs, { training: false }).logits!),
    );
  });

  it('takes several inputs by list or by name, and computes only the outputs asked for', () => {
    const a = input([3], { name: 'a' });
    const b = input([3], { name: 'b' });
    const spec = graph({
      inputs: [a, b],
      outputs: { sum: add().apply([a, b]), diff: subtract().apply([a, b]), prod: multiply().apply([a, b]) },
    });
    const model = build(spec, { seed: 1 });
    const ta = tf.tensor2d([[1, 2, 3]]);
    const tb = tf.tensor2d([[4, 5, 6]]);
    const byList = model.forward([ta, tb], { training: false });
    expect(values(byList.diff!)).toEqual([-3, -3, -3]);
    const byName = model.forward({ b: tb, a: ta }, { training: false }, ['prod']);
    expect(Object.keys(byName)).toEqual(['prod']);
    expect(values(byName.prod!)).toEqual([4, 10, 18]);
    expect(() => model.forward({ a: ta }, { training: false })).toThrow(/forward is missing input 'b'/);
    expect(() => model.forward([ta, tb], { training: false }, ['ratio'])).toThrow(
      /unknown output 'ratio'; this graph has sum, diff, prod/,
    );
    tf.dispose([ta, tb, ...Object.values(byList), ...Object.values(byName)]);
  });

  it('returns the loss terms it adds', () => {
    const x = input([4]);
    const h = dense({ units: 2 }).apply(x);
    const penalty = multiply().apply([h, h]);
    const model = build(graph({ inputs: x, outputs: { h }, losses: { activity: penalty } }), { seed: 1 });
    expect(model.outputNames).toEqual(['h']);
    expect(model.lossNames).toEqual(['activity']);
    const xs = tf.ones([2, 4]);
    const out = model.forward(xs, { training: true });
    expect(Object.keys(out)).toEqual(['h', 'activity']);
    for (const [i, v] of values(out.activity!).entries()) expect(v).toBeCloseTo(values(out.h!)[i]! ** 2, 5);
    expect(Object.keys(model.forward(xs, { training: false }, ['h']))).toEqual(['h']);
  });

  it('names what is wrong', () => {
    const a = input([16, 16, 32]);
    const b = input([15, 15, 16]);
    expect(() => concatenate({ name: 'merge1' }).apply([a, b])).toThrow(
      'concatenate (merge1): inputs [16, 16, 32] and [15, 15, 16] differ on axis 1 (input 0 and 1); only axis 3 may differ',
    );
    expect(() => add().apply([a, b])).toThrow(/add: inputs \[16, 16, 32\] and \[15, 15, 16\] differ/);
    expect(() => add().apply([a])).toThrow('add.apply: expected at least 2 inputs, got 1');
    expect(() => dense({ units: 2 }).apply(tf.zeros([1, 3]) as never)).toThrow(
      /dense.apply: the input must be a symbolic tensor from input\(\) or another layer's apply, got a tf.Tensor of shape \[1, 3\]/,
    );
    const x = input([4], { name: 'x' });
    const extra = input([4], { name: 'mask' });
    const y = dense({ units: 2 }).apply(x);
    expect(() => graph({ inputs: [x, extra], outputs: y })).toThrow(
      "graph: input 'mask' is not connected to any output or loss; use it or remove it from inputs",
    );
    expect(() => graph({ inputs: extra, outputs: { y } })).toThrow(
      "graph: output 'y' depends on an input 'x' [4] that is not in inputs; add it to inputs",
    );
    expect(() => graph({ inputs: y, outputs: y })).toThrow(
      /inputs\[0\] is the output of dense, not an input\(\)/,
    );
    expect(() => graph({ inputs: x, outputs: y, lossses: {} } as never)).toThrow(
      "graph: unknown option 'lossses'; did you mean 'losses'?",
    );
    const shared = dense({ units: 2, name: 'fc' });
    const z = input([3]);
    shared.apply(x);
    expect(() => graph({ inputs: [x, z], outputs: { a: shared.apply(x), b: shared.apply(z) } })).toThrow(
      "graph: layer 'fc' is shared, but call 1 gets [3] where call 0 got [4]; a shared layer needs the same input shapes",
    );
    const model = build(graph({ inputs: x, outputs: y }), { seed: 1 });
    expect(() => model.apply(tf.zeros([2, 5]), { training: false })).toThrow(
      /graph \(graph, input 'x'\): expected input \[batch, 4\], got \[2, 5\]/,
    );
  });

  it('rejects configs with cycles or unknown references, naming the layer', () => {
    const base = {
      kind: 'graph',
      inputs: [{ name: 'x', shape: [2] }],
      outputs: ['b', 0],
    };
    const layer = { kind: 'dense', units: 2 };
    expect(() =>
      fromConfig(
        {
          ...base,
          layers: [
            { name: 'a', layer, calls: [[['b', 0]]] },
            { name: 'b', layer, calls: [[['a', 0]]] },
          ],
        },
        [2],
      ),
    ).toThrow("fromConfig (graph): layer 'a' call 0 waits on a value that needs it: the graph has a cycle");
    expect(() => fromConfig({ ...base, layers: [{ name: 'b', layer, calls: [[['y']]] }] }, [2])).toThrow(
      `fromConfig (graph): layer 'b' call 0 refers to ["y"], which is no input or layer`,
    );
  });

  it('frees every intermediate tensor', () => {
    const model = build(tinyUnet().spec, { seed: 1 });
    const before = tf.memory().numTensors;
    const x = tf.ones([1, 8, 8, 3]);
    const out = model.forward(x, { training: true, seed: 3 });
    tf.dispose([x, out.reconstruction!]);
    expect(tf.memory().numTensors).toBe(before);
    expect(before).toBeGreaterThan(start);
  });
});
