// `pnpm bench`: training and inference throughput of aecnn against @tensorflow/tfjs-layers in the same
// process, same backend, same architecture and weights (exported through @aecnn/interop), batch 64.
// Usage: node dist/main.js [--backend wasm,cpu] [--json] [--quick]
import '@aecnn/backends/chained-ops';
import { type BackendName, useBackend } from '@aecnn/backends';
import { type AecnnModel, articleCnn, autoencoder, fusion } from '@aecnn/models';
import { fit, tensorSource } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { forwardFlops, trainFlops } from './flops';
import { peerModel, peerTargets } from './peer';
import { throughput } from './stats';

const BATCH = 64;

/** One model's figures on one backend. */
interface Row {
  model: string;
  backend: string;
  params: number;
  mflopPerTrainImage: number;
  train: { aecnn: number; tfjsLayers: number; ratio: number };
  infer: { aecnn: number; tfjsLayers: number; ratio: number };
  gflops: number;
  ceilingFraction: number;
}

const MODELS: Record<string, () => AecnnModel> = {
  articleCnn: () => articleCnn({ seed: 1 }).model,
  convAutoencoder: () => autoencoder({ inputShape: [28, 28, 1], kind: 'conv', seed: 1 }).model,
  fusion: () => fusion({ inputShape: [28, 28, 1], seed: 1 }).model,
};

async function matMulCeiling(): Promise<number> {
  const n = 1024;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const rate = await throughput(
    async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    1,
    { warmup: 2, windows: 3, runsPerWindow: 3 },
  );
  tf.dispose([a, b]);
  return (rate * 2 * n ** 3) / 1e9;
}

async function measure(name: string, backend: string, quick: boolean, ceiling: number): Promise<Row> {
  const tfl = await import('@tensorflow/tfjs-layers');
  const cpu = backend === 'cpu';
  const steps = cpu || quick ? 2 : 8;
  const windows = cpu || quick ? 3 : 5;
  const model = MODELS[name]!();
  const x = tf.randomUniform([BATCH * steps, 28, 28, 1], 0, 1, 'float32', 3);
  const labels = tf.randomUniform([BATCH * steps], 0, 10, 'int32', 4);
  const source = tensorSource({ x, y: labels });
  // aecnn: the real trainer, one epoch of `steps` batches per window.
  const epochEnds: number[] = [performance.now()];
  await fit(model, source, {
    epochs: 1 + windows,
    batchSize: BATCH,
    metrics: [],
    shuffle: false,
    callbacks: { onEpochEnd: () => void epochEnds.push(performance.now()) },
  });
  const rates = epochEnds.slice(2).map((t, i) => (BATCH * steps) / ((t - epochEnds[i + 1]!) / 1000));
  const trainOurs = rates.sort((a, b) => a - b)[rates.length >> 1]!;

  const peer = await peerModel(tfl, model);
  const xb = tf.slice(x, 0, BATCH);
  const yb = tf.slice(labels, 0, BATCH);
  const targets = peerTargets(model, xb, yb);
  const trainPeer = await throughput(
    async () => {
      await peer.trainOnBatch(xb, targets);
    },
    BATCH,
    { warmup: steps, windows, runsPerWindow: steps },
  );
  const plan = { warmup: 2, windows, runsPerWindow: cpu ? 2 : 10 };
  const inferOurs = await throughput(
    async () => {
      const out = tf.tidy(() =>
        Object.values(model.forward(xb, { training: false })).filter((t) => t !== undefined),
      );
      await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
    },
    BATCH,
    plan,
  );
  const inferPeer = await throughput(
    async () => {
      const out = [peer.predict(xb)].flat() as tf.Tensor[];
      await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
    },
    BATCH,
    plan,
  );
  const fwd = Object.values(model.modules).reduce((s, m) => s + forwardFlops(m), 0);
  const perImage = trainFlops(fwd);
  tf.dispose([x, labels, xb, yb, ...[targets].flat()]);
  peer.dispose();
  const gflops = (trainOurs * perImage) / 1e9;
  return {
    model: name,
    backend,
    params: model.paramCount(),
    mflopPerTrainImage: perImage / 1e6,
    train: { aecnn: trainOurs, tfjsLayers: trainPeer, ratio: trainOurs / trainPeer },
    infer: { aecnn: inferOurs, tfjsLayers: inferPeer, ratio: inferOurs / inferPeer },
    gflops,
    ceilingFraction: gflops / ceiling,
  };
}

const fmt = (n: number, d = 0) => n.toFixed(d);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const quick = args.includes('--quick');
  const bi = args.indexOf('--backend');
  const backends = (bi >= 0 ? args[bi + 1]! : 'wasm,cpu').split(',') as BackendName[];
  const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const rows: Row[] = [];
  const ceilings: Record<string, number> = {};
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  for (const backend of backends) {
    const info = await useBackend(backend);
    const ceiling = await matMulCeiling();
    ceilings[backend] = ceiling;
    log(
      `${backend}: simd ${info.simd}, threads ${info.threads}; 1024x1024 matMul ceiling ${fmt(ceiling, 1)} GFLOP/s`,
    );
    for (const name of Object.keys(MODELS)) {
      const r = await measure(name, backend, quick, ceiling);
      rows.push(r);
      log(
        `  ${name.padEnd(16)} train ${fmt(r.train.aecnn).padStart(6)} img/s vs tfjs-layers ${fmt(r.train.tfjsLayers).padStart(6)}` +
          ` = ${fmt(r.train.ratio, 2)}x | infer ${fmt(r.infer.aecnn).padStart(6)} vs ${fmt(r.infer.tfjsLayers).padStart(6)}` +
          ` = ${fmt(r.infer.ratio, 2)}x | ${fmt(r.gflops, 2)} GFLOP/s = ${fmt(100 * r.ceilingFraction, 1)}% of ceiling`,
      );
    }
  }
  clearInterval(sampler);
  const mem = tf.memory();
  const ratio: Record<string, number> = {};
  for (const r of rows) {
    const key = (s: string) =>
      `${s}${r.model[0]!.toUpperCase()}${r.model.slice(1)}${r.backend[0]!.toUpperCase()}${r.backend.slice(1)}`;
    ratio[key('train')] = r.train.ratio;
    ratio[key('infer')] = r.infer.ratio;
  }
  const summary = {
    batch: BATCH,
    rows,
    ratio,
    ceilingGflops: ceilings,
    peakRssMb: peakRss / 2 ** 20,
    tfMemory: { numTensors: mem.numTensors, numBytes: mem.numBytes },
  };
  log(
    `peak RSS ${fmt(summary.peakRssMb)} MB; tf.memory: ${mem.numTensors} tensors, ${fmt(mem.numBytes / 2 ** 20, 1)} MB`,
  );
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
