// Training throughput of the default fusion model: images/s of full training steps (forward, reconstruction MSE
// + softmax cross-entropy, variableGrads, adam) at batch 64. Run after `pnpm --filter @aecnn/models build`:
//   node bench/fusion-throughput.mjs [backend=wasm] [batch=64] [steps=20] [json options for fusion()]
import { useBackend } from '@aecnn/backends';
import { trainableVariables } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { fusion } from '../dist/index.js';

const [backend = 'wasm', batchArg = '64', stepsArg = '20', optionsArg = '{}'] = process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const info = await useBackend(backend);
const { model } = fusion({ inputShape: [28, 28, 1], seed: 1, ...JSON.parse(optionsArg) });
const vars = trainableVariables(model.modules);
const opt = tf.train.adam(1e-3);
const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);

function step(i) {
  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(x, { training: true, seed: i });
    return tf.add(
      tf.losses.meanSquaredError(x, out.reconstruction),
      tf.losses.softmaxCrossEntropy(y, out.logits),
    );
  }, vars);
  opt.applyGradients(grads);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return loss;
}

for (let i = 0; i < 3; i++) step(i); // warm-up: kernel setup, first allocations
// NOTE: CPU time too: on a shared, loaded machine wall time swings 3x, while the (single-threaded) wasm work's
// CPU time is what an idle core would take.
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step(i + 3);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = (batch * steps) / seconds;
console.log(
  JSON.stringify({
    backend: info.name,
    simd: info.simd,
    threads: info.threads,
    params: model.paramCount(),
    batch,
    steps,
    msPerStep: Math.round((seconds * 1000) / steps),
    imagesPerSecond: Math.round(rate),
    imagesPerCpuSecond: Math.round((batch * steps) / cpuSeconds),
    config: model.config,
  }),
);
