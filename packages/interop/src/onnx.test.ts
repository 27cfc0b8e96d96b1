import '@aecnn/backends/chained-ops';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import {
  activation,
  add,
  average,
  avgPool2d,
  batchNorm,
  build,
  concatenate,
  conv2d,
  conv2dTranspose,
  cropping2d,
  defineLayer,
  dense,
  dropout,
  flatten,
  type GraphModule,
  gaussianNoise,
  graph,
  input,
  isGraphModule,
  type Module,
  maxPool2d,
  multiply,
  reshape,
  sequential,
  subtract,
  upSampling2d,
  zeroPadding2d,
} from '@aecnn/layers';
import { articleCnn, autoencoder, fusion, unetDenoiser, vae } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeOnnx, toOnnx } from './index';
import { infer, maxDiff, perturbBatchNorms, runOnnx } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

const images = (shape: readonly number[], n = 3, seed = 7) =>
  tf.randomUniform([n, ...shape], 0, 1, 'float32', seed);

/** aecnn's outputs of `model` on `xs` (one per input), by name. */
function ours(model: GraphModule | Module, xs: tf.Tensor[]): Record<string, tf.Tensor> {
  if (!isGraphModule(model)) return { output: model.apply(xs[0]!, infer) };
  return model.forward(xs, infer, model.outputNames);
}

/** Exports `model`, runs it in onnxruntime-web and checks every output against aecnn's within 1e-4. */
async function checkInOrt(model: GraphModule | Module, xs: tf.Tensor[], opset?: number) {
  const bytes = toOnnx(model, opset ? { opset } : {});
  const names = isGraphModule(model) ? model.def.inputs.map((i) => i.name) : ['input'];
  const theirs = await runOnnx(bytes, Object.fromEntries(names.map((n, i) => [n, xs[i]!])));
  const mine = ours(model, xs);
  expect(Object.keys(theirs).sort()).toEqual(Object.keys(mine).sort());
  for (const [name, t] of Object.entries(mine)) {
    expect(theirs[name]!.shape, name).toEqual(t.shape);
    expect(maxDiff(t, theirs[name]!), name).toBeLessThanOrEqual(1e-4);
  }
  return { bytes, theirs };
}

describe('toOnnx → onnxruntime-web: the presets', () => {
  it('the article CNN gives the same logits, for any batch size', async () => {
    const { model } = articleCnn({ seed: 1 });
    const { bytes } = await checkInOrt(model, [images(model.inputShape, 3)]);
    const one = await runOnnx(bytes, { image: images(model.inputShape, 1, 9) });
    expect(one.logits!.shape).toEqual([1, 10]);
    const m = decodeOnnx(bytes);
    expect(m.opsetImport[0]!.version).toBe(17);
    expect(m.graph.input[0]!.type.tensorType.shape.dim[0]).toEqual({ dimParam: 'batch' });
    expect(m.graph.output.map((o) => o.name)).toEqual(['latent', 'logits']);
  });

  it('the conv autoencoder (transposed convolutions) and fusion give every output', async () => {
    const ae = autoencoder({ inputShape: [28, 28, 1], latentDim: 8, kind: 'conv', seed: 3 }).model;
    await checkInOrt(ae, [images(ae.inputShape)]);
    const fu = fusion({ inputShape: [28, 28, 1], latentDim: 16, classes: 10, seed: 2 }).model;
    const { theirs } = await checkInOrt(fu, [images(fu.inputShape)]);
    expect(theirs.reconstruction!.shape).toEqual([3, 28, 28, 1]);
  });

  it('the VAE (its mean at inference) and its decoder alone', async () => {
    const { model, decoder } = vae({ inputShape: [28, 28, 1], latentDim: 4, seed: 5 });
    await checkInOrt(model, [images(model.inputShape)]);
    await checkInOrt(decoder, [tf.randomNormal([3, 4], 0, 1, 'float32', 6)]);
  });

  it('the U-Net denoiser for 32x32x3, batch norm in inference form', async () => {
    const { model } = unetDenoiser({ inputShape: [32, 32, 3], depth: 2, filters: 8, seed: 4 });
    perturbBatchNorms(model);
    await checkInOrt(model, [images(model.inputShape)]);
  });
});

describe('toOnnx → onnxruntime-web: every layer kind', () => {
  it('strided, dilated and transposed convolutions with odd sizes and both paddings', async () => {
    const x = input([9, 7, 3]);
    const a = conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' }).apply(x);
    const b = conv2d({
      filters: 4,
      kernelSize: [3, 2],
      dilation: 2,
      padding: 'same',
      activation: 'gelu',
    }).apply(x);
    const t1 = conv2dTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
    });
    const t2 = conv2dTranspose({ filters: 2, kernelSize: 1, strides: 2, padding: 'same' });
    const t3 = conv2dTranspose({ filters: 2, kernelSize: [2, 3], strides: [2, 1], activation: 'tanh' });
    const model = build(
      graph({ inputs: x, outputs: { a, b, t1: t1.apply(a), t2: t2.apply(a), t3: t3.apply(b) } }),
      { seed: 1 },
    );
    await checkInOrt(model, [images([9, 7, 3])]);
    await checkInOrt(model, [images([9, 7, 3])], 20); // Gelu as one op
  });

  it('pooling, upsampling, crop, pad, batch norm, flatten, reshape and dense', async () => {
    const x = input([7, 7, 2]);
    const mp = maxPool2d({ poolSize: 2, padding: 'same' }).apply(x);
    const ap = avgPool2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x);
    const up = upSampling2d({ size: [2, 3], interpolation: 'bilinear' }).apply(mp);
    const near = upSampling2d({ size: 2 }).apply(ap);
    const cp = zeroPadding2d({
      padding: [
        [1, 0],
        [2, 1],
      ],
    }).apply(
      cropping2d({
        cropping: [
          [1, 2],
          [0, 3],
        ],
      }).apply(batchNorm().apply(up)),
    );
    const flat = flatten().apply(near);
    const d = dense({ units: 5, activation: 'leakyRelu' }).apply(dropout({ rate: 0.5 }).apply(flat));
    const bn1 = batchNorm().apply(gaussianNoise({ stddev: 0.3 }).apply(d));
    const r = reshape({ targetShape: [5, 1] }).apply(bn1);
    const seq = dense({ units: 3, activation: 'softmax' }).apply(r);
    const model = build(
      graph({ inputs: x, outputs: { cp, seq, sig: activation({ activation: 'sigmoid' }).apply(near) } }),
      {
        seed: 2,
      },
    );
    perturbBatchNorms(model);
    await checkInOrt(model, [images([7, 7, 2])]);
  });

  it('merges (add of three, subtract, multiply, average, concatenate on two axes), shared layers, two inputs', async () => {
    const a = input([4, 4, 3], { name: 'a' });
    const b = input([4, 4, 3], { name: 'b' });
    const shared = conv2d({ filters: 3, kernelSize: 1, name: 'shared' });
    const sa = shared.apply(a);
    const sb = shared.apply(b);
    const sum = add().apply([sa, sb, a]);
    const diff = subtract().apply([sum, b]);
    const prod = multiply().apply([diff, sa, b]);
    const mean = average().apply([prod, a]);
    const cat = concatenate().apply([mean, b]);
    const rows = concatenate({ axis: 1 }).apply([a, b]);
    const block = sequential([flatten(), dense({ units: 2 })]);
    const model = build(graph({ inputs: [a, b], outputs: { cat, rows, head: block.apply(cat) } }), {
      seed: 3,
    });
    const { bytes } = await checkInOrt(model, [images([4, 4, 3], 2, 1), images([4, 4, 3], 2, 2)]);
    const convs = decodeOnnx(bytes).graph.node.filter((n) => n.opType === 'Conv');
    expect(convs[0]!.input[1]).toBe(convs[1]!.input[1]); // one weight set
  });

  it('softmax turns logits into probabilities that sum to 1; outputs picks and orders', async () => {
    const { model } = articleCnn({ seed: 4 });
    const bytes = toOnnx(model, { softmax: true, outputs: ['logits'] });
    const out = await runOnnx(bytes, { image: images(model.inputShape) });
    expect(Object.keys(out)).toEqual(['probabilities']);
    const expected = tf.softmax(model.forward(images(model.inputShape), infer).logits!);
    expect(maxDiff(expected, out.probabilities!)).toBeLessThanOrEqual(1e-5);
  });
});

describe('toOnnx errors', () => {
  const scale = defineLayer({
    kind: 'scale',
    params: (s) => ({ gamma: { shape: [s.at(-1)!], init: 'ones' } }),
    outputShape: (s) => s,
    forward: ({ gamma }, x) => tf.mul(x, gamma!),
  });

  it('names a layer kind without an ONNX form with its path', () => {
    const x = input([4]);
    const model = build(
      graph({ inputs: x, outputs: scale({ name: 'gain' }).apply(dense({ units: 4 }).apply(x)) }),
    );
    expect(() => toOnnx(model)).toThrow(
      /layer 'gain' of kind 'scale' has no ONNX form; exportable kinds: dense/,
    );
  });

  it('rejects a bad opset, an unknown option, an unknown output and softmax without logits', () => {
    const { model } = autoencoder({ inputShape: [8, 8, 1], latentDim: 2, kind: 'conv', seed: 1 });
    expect(() => toOnnx(model, { opset: 11 })).toThrow(/opset must be an integer from 13 to 21, got 11/);
    expect(() => toOnnx(model, { opest: 17 } as never)).toThrow(/toOnnx.*opest/);
    expect(() => toOnnx(model, { outputs: ['logits'] })).toThrow(/unknown output 'logits'/);
    expect(() => toOnnx(model, { softmax: true })).toThrow(/softmax needs a 'logits' output/);
  });
});

const python = '/usr/bin/python3';
const hasOnnx = spawnSync(python, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;

describe('onnx.checker (python3-onnx)', () => {
  it.skipIf(!hasOnnx)('passes check_model and shape inference for fusion and the U-Net', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aecnn-onnx-'));
    try {
      const files = [
        ['fusion', fusion({ inputShape: [28, 28, 1], latentDim: 16, classes: 10, seed: 2 }).model],
        ['unet', unetDenoiser({ inputShape: [32, 32, 3], seed: 1 }).model],
      ] as const;
      for (const [name, model] of files) {
        const file = path.join(dir, `${name}.onnx`);
        await writeFile(file, toOnnx(model));
        const script = [
          'import sys, onnx',
          'm = onnx.load(sys.argv[1])',
          'onnx.checker.check_model(m, full_check=True)',
          'inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)',
          'print(len(inferred.graph.value_info))',
        ].join('\n');
        const r = spawnSync(python, ['-c', script, file], { encoding: 'utf8' });
        expect(r.stderr, name).toBe('');
        expect(Number(r.stdout.trim()), name).toBeGreaterThan(5);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  if (!hasOnnx)
    console.log(
      'onnx.checker test skipped: /usr/bin/python3 cannot import onnx (apt-get install python3-onnx)',
    );
});
