import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import {
  add,
  average,
  batchNorm,
  build,
  concatenate,
  conv2d,
  cropping2d,
  defineLayer,
  dense,
  type GraphModule,
  graph,
  input,
  isGraphModule,
  maxPool2d,
  multiply,
  sequential,
  subtract,
  upSampling2d,
  zeroPadding2d,
} from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromLayersArtifacts, toLayersArtifacts } from './index';
import { infer, maxDiff } from './test-helpers';

const conv = (filters: number, name: string) =>
  conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name });

beforeAll(async () => {
  await useBackend('cpu');
});

/** Exports `model`, loads it in stock tfjs-layers and imports it back; checks all three agree on `xs`. */
async function roundTrip(model: GraphModule, xs: tf.Tensor[]) {
  const a = toLayersArtifacts(model);
  const artifacts = { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData };
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const ours = Object.values(model.forward(xs, infer, model.outputNames));
  const predicted = loaded.predict(xs.length === 1 ? xs[0]! : xs);
  const theirs = Array.isArray(predicted) ? predicted : [predicted];
  expect(theirs.length).toBe(ours.length);
  ours.forEach((t, i) => {
    expect(theirs[i]!.shape).toEqual(t.shape);
    expect(maxDiff(t, theirs[i]!)).toBeLessThan(1e-5);
  });
  const back = fromLayersArtifacts(artifacts);
  const again = isGraphModule(back) ? Object.values(back.forward(xs, infer)) : [back.apply(xs[0]!, infer)];
  for (const [i, t] of ours.entries()) expect(maxDiff(t, again[i]!)).toBeLessThan(1e-5);
  return {
    loaded,
    back: back as GraphModule,
    topology: a.modelTopology as { config: Record<string, unknown> },
  };
}

/** Moving statistics that are not 0 and 1, so batch norm does something in inference. */
function perturbBatchNorm(model: GraphModule) {
  for (const m of Object.values(model.children)) {
    if (m.kind !== 'batchNorm') continue;
    for (const [k, v] of Object.entries(m.params)) {
      const s = k.toLowerCase().includes('var')
        ? tf.randomUniform(v.shape, 0.5, 2, 'float32', 3)
        : tf.randomNormal(v.shape, 0, 0.3, 'float32', 4);
      v.assign(s);
    }
  }
}

describe('graph export → tf.loadLayersModel, and import back', () => {
  it('a small U-Net (concatenate skip, batch norm, crop and pad) gives the same output', async () => {
    const x = input([8, 8, 3], { name: 'image' });
    const e1 = conv(4, 'enc1').apply(x);
    const e2 = conv(8, 'enc2').apply(maxPool2d({ poolSize: 2 }).apply(e1));
    const u = upSampling2d({ size: 2 }).apply(e2);
    const trimmed = zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
    }).apply(
      cropping2d({
        cropping: [
          [0, 1],
          [0, 1],
        ],
      }).apply(u),
    );
    const m = concatenate({ name: 'skip' }).apply([trimmed, e1]);
    const y = conv2d({ filters: 3, kernelSize: 1, activation: 'sigmoid', name: 'out' }).apply(
      batchNorm({ name: 'bn' }).apply(m),
    );
    const model = build(graph({ inputs: x, outputs: { reconstruction: y }, name: 'unet' }), { seed: 1 });
    perturbBatchNorm(model);
    const { topology } = await roundTrip(model, [tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5)]);
    const classes = (topology.config.layers as { class_name: string }[]).map((l) => l.class_name);
    expect(classes).toContain('Concatenate');
    expect(classes).toContain('Cropping2D');
    expect(classes).toContain('ZeroPadding2D');
  });

  it('a residual block with add, and subtract / multiply / average, gives the same output', async () => {
    const x = input([6, 6, 4]);
    const h = conv(4, 'c2').apply(conv(4, 'c1').apply(x));
    const r = add({ name: 'residual' }).apply([x, h]);
    const d = subtract({ name: 'diff' }).apply([r, x]);
    const g = multiply().apply([
      d,
      conv2d({ filters: 4, kernelSize: 1, activation: 'sigmoid', name: 'gate' }).apply(r),
    ]);
    const y = average().apply([g, r, x]);
    const model = build(graph({ inputs: x, outputs: y }), { seed: 2 });
    await roundTrip(model, [tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 6)]);
  });

  it('a shared layer (one weight set, two inbound nodes) and a shared block give the same output', async () => {
    const a = input([5], { name: 'a' });
    const b = input([5], { name: 'b' });
    const shared = dense({ units: 3, activation: 'tanh', name: 'shared' });
    const block = sequential([dense({ units: 4, activation: 'relu' }), dense({ units: 3 })], {
      name: 'block',
    });
    const y = add().apply([shared.apply(a), shared.apply(b), block.apply(a), block.apply(b)]);
    const model = build(graph({ inputs: [a, b], outputs: y }), { seed: 3 });
    const { loaded, topology } = await roundTrip(model, [
      tf.randomNormal([4, 5], 0, 1, 'float32', 7),
      tf.randomNormal([4, 5], 0, 1, 'float32', 8),
    ]);
    expect(loaded.countParams()).toBe(model.paramCount());
    const sharedLayer = (topology.config.layers as { name: string; inbound_nodes: unknown[] }[]).find(
      (l) => l.name === 'shared',
    )!;
    expect(sharedLayer.inbound_nodes).toHaveLength(2);
  });

  it('a two-output graph (with a nested graph) exports its outputs in order, named', async () => {
    const z = input([8]);
    const inner = graph({
      inputs: z,
      outputs: dense({ units: 8, activation: 'relu', name: 'proj' }).apply(z),
      name: 'inner',
    });
    const x = input([10]);
    const h = inner.apply(dense({ units: 8, activation: 'elu', name: 'trunk' }).apply(x));
    const model = build(
      graph({
        inputs: x,
        outputs: {
          logits: dense({ units: 3, name: 'head' }).apply(h),
          code: dense({ units: 2, name: 'code' }).apply(h),
        },
        losses: { l2: dense({ units: 1, name: 'penalty' }).apply(h) },
      }),
      { seed: 4 },
    );
    const { loaded, back } = await roundTrip(model, [tf.randomNormal([3, 10], 0, 1, 'float32', 9)]);
    expect(loaded.outputs.map((t) => t.shape)).toEqual([
      [null, 3],
      [null, 2],
    ]);
    // the loss term is dropped: the penalty layer is not exported
    expect(loaded.layers.map((l) => l.name)).not.toContain('penalty');
    expect(back.outputNames).toEqual(['head', 'code']);
  });

  it('names the path of a layer kind it cannot export, before writing anything', () => {
    const odd = defineLayer({
      kind: 'odd',
      outputShape: (s) => s,
      forward: (_p, x) => tf.neg(x),
    });
    const x = input([4]);
    const model = build(
      graph({ inputs: x, outputs: add().apply([x, odd().apply(dense({ units: 4, name: 'd' }).apply(x))]) }),
      {
        seed: 5,
      },
    );
    expect(() => toLayersArtifacts(model)).toThrow(
      /layer 'odd\w*' of kind 'odd' has no TF.js Layers equivalent/,
    );
  });
});
