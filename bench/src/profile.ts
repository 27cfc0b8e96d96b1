// `pnpm --filter @aecnn/bench profile [-- --backend wasm] [--steps 4]`: where a training step's time goes,
// per kernel (tf.profile), for aecnn's real trainer and for the same model in tfjs-layers, on one backend.
import '@aecnn/backends/chained-ops';
import { type BackendName, useBackend } from '@aecnn/backends';
import { fit, tensorSource } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH, MODELS, type ModelName } from './models';
import { peerModel, peerTargets } from './peer';

/** Total kernel milliseconds per kernel name over `steps` steps, and the step's wall time. */
interface KernelTable {
  wallMs: number;
  kernels: Map<string, { ms: number; calls: number }>;
}

async function profiled(steps: number, run: () => Promise<unknown>): Promise<KernelTable> {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await run();
    return [];
  });
  const wallMs = (performance.now() - t0) / steps;
  const kernels = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = kernels.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += (k.kernelTimeMs as number) / steps;
    e.calls += 1 / steps;
    kernels.set(k.name, e);
  }
  return { wallMs, kernels };
}

function render(name: string, ours: KernelTable, peer: KernelTable, top: number): string {
  const sum = (t: KernelTable) => [...t.kernels.values()].reduce((s, e) => s + e.ms, 0);
  const names = [...new Set([...ours.kernels.keys(), ...peer.kernels.keys()])];
  const ms = (t: KernelTable, k: string) => t.kernels.get(k)?.ms ?? 0;
  names.sort((a, b) => Math.max(ms(ours, b), ms(peer, b)) - Math.max(ms(ours, a), ms(peer, a)));
  const lines = [
    `${name}: one training step of ${BATCH} images (ms; kernel time from tf.profile, wall time around it)`,
    `  | kernel | aecnn ms | calls | tfjs-layers ms | calls |`,
    `  | --- | ---: | ---: | ---: | ---: |`,
  ];
  const row = (k: string) => {
    const a = ours.kernels.get(k);
    const b = peer.kernels.get(k);
    return `  | ${k} | ${a ? a.ms.toFixed(2) : '-'} | ${a ? a.calls.toFixed(0) : '-'} | ${b ? b.ms.toFixed(2) : '-'} | ${b ? b.calls.toFixed(0) : '-'} |`;
  };
  for (const k of names.slice(0, top)) lines.push(row(k));
  const restOurs = names.slice(top).reduce((s, k) => s + ms(ours, k), 0);
  const restPeer = names.slice(top).reduce((s, k) => s + ms(peer, k), 0);
  lines.push(`  | ${names.length - top} others | ${restOurs.toFixed(2)} | | ${restPeer.toFixed(2)} | |`);
  lines.push(`  | **all kernels** | ${sum(ours).toFixed(2)} | | ${sum(peer).toFixed(2)} | |`);
  lines.push(`  | **wall** | ${ours.wallMs.toFixed(2)} | | ${peer.wallMs.toFixed(2)} | |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1]! : fallback;
  };
  const backend = arg('--backend', 'wasm') as BackendName;
  const steps = Number(arg('--steps', '4'));
  const only = arg('--models', Object.keys(MODELS).join(',')).split(',') as ModelName[];
  await useBackend(backend);
  const tfl = await import('@tensorflow/tfjs-layers');
  for (const name of only) {
    const model = MODELS[name]();
    const x = tf.randomUniform([BATCH * steps, 28, 28, 1], 0, 1, 'float32', 3);
    const labels = tf.randomUniform([BATCH * steps], 0, 10, 'int32', 4);
    const source = tensorSource({ x, y: labels });
    const epoch = () => fit(model, source, { epochs: 1, batchSize: BATCH, metrics: [], shuffle: false });
    await epoch(); // warm-up: kernels compiled, buffers allocated
    const ours = await profiled(steps, epoch);
    const peer = await peerModel(tfl, model);
    const xb = tf.slice(x, 0, BATCH);
    const targets = peerTargets(model, xb, tf.slice(labels, 0, BATCH));
    const peerSteps = async () => {
      for (let i = 0; i < steps; i++) await peer.trainOnBatch(xb, targets);
    };
    await peerSteps();
    const theirs = await profiled(steps, peerSteps);
    console.log(`${render(name, ours, theirs, Number(arg('--top', '14')))}\n`);
    tf.dispose([x, labels, xb, ...[targets].flat()]);
    peer.dispose();
  }
}

await main();
