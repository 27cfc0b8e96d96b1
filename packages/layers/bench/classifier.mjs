// Throughput of the article classifier (Conv2D 32 3x3 relu, MaxPool 2, Flatten, Dense 64 relu, Dense 10):
// inference images/s and training-step images/s (forward, cross-entropy, variableGrads, sgd), and what the fused
// conv (bias + relu in the kernel) saves over conv + add + relu. Run after `pnpm --filter @aecnn/layers build`:
//   node bench/classifier.mjs [backend=wasm] [batch=64] [steps=10]
import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { build, conv2d, dense, flatten, maxPool2d, sequential, trainableVariables } from '../dist/index.js';

const [backend = 'wasm', batchArg = '64', stepsArg = '10'] = process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const info = await useBackend(backend);
const model = build(
  sequential([
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 64, activation: 'relu' }),
    dense({ units: 10, activation: 'softmax' }),
  ]),
  [28, 28, 1],
  { seed: 1 },
);
const vars = trainableVariables(model);
const opt = tf.train.sgd(0.01);
const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);

/** Mean seconds per call of `fn` after two warm-up calls; CPU seconds too (the machine may be shared). */
function time(fn) {
  fn();
  fn();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) fn();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000 / steps, cpu: (c.user + c.system) / 1e6 / steps };
}

const infer = time(() => tf.dispose(tf.tidy(() => model.apply(x, { training: false })).dataSync()));
const train = time(() => {
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, tf.log(tf.add(model.apply(x, { training: true }), 1e-7))),
    vars,
  );
  opt.applyGradients(grads);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
});
const { kernel, bias } = model.children.conv2d1.params;
// NOTE: reduced to one number before reading: reading a 5 MB wasm tensor back (dataSync) costs far more than the conv.
const fused = time(() =>
  tf.tidy(() =>
    tf
      .sum(tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'valid', bias, activation: 'relu' }))
      .dataSync(),
  ),
);
const unfused = time(() =>
  tf.tidy(() => tf.sum(tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'valid'), bias))).dataSync()),
);

const rate = (t) => Math.round(batch / t.wall);
console.log(
  JSON.stringify({
    backend: info.name,
    simd: info.simd,
    batch,
    inferImagesPerSec: rate(infer),
    trainImagesPerSec: rate(train),
    trainCpuMsPerStep: Math.round(train.cpu * 1000),
    convFusedCpuMs: +(fused.cpu * 1000).toFixed(2),
    convUnfusedCpuMs: +(unfused.cpu * 1000).toFixed(2),
    tensorsAfter: tf.memory().numTensors,
  }),
);
