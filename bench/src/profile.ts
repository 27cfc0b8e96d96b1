// `pnpm --filter @aecnn/bench profile [-- --backend wasm] [--steps 4] [--detail [--min-ms 0.3]]`: where a training step's time goes,
// per kernel (tf.profile), for aecnn's real trainer and for the same model in tfjs-layers, on one backend.
import '@aecnn/backends/chained-ops';
import { type BackendName, useBackend } from '@aecnn/backends';
import { fit, tensorSource } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH, MODELS, type ModelName, PRESETS } from './models';
import { peerModel, peerTargets } from './peer';
import { median } from './stats';

/** Kernel milliseconds per kernel name for one step, and the step's wall time. */
interface KernelTable {
  wallMs: number;
  kernels: Map<string, { ms: number; calls: number }>;
}

const detail = process.argv.includes('--detail');
/** `--min-ms T`: the shortest kernel call that `--detail` lists (default 0.3 ms; 0 lists every call). */
const minMsAt = process.argv.indexOf('--min-ms');
const minMs = minMsAt > 0 ? Number(process.argv[minMsAt + 1]) : 0.3;

type KernelCall = { name: string; shapes: string; ms: number };

/**
 * Per kernel call (by its position in the step), the median time over the steps, summed per kernel name: other
 * processes on a shared machine preempt single kernels for tens of ms.
 */
function table(runs: KernelCall[][], walls: number[]): KernelTable {
  const first = runs[0]!;
  const kernels = new Map<string, { ms: number; calls: number }>();
  first.forEach((k, i) => {
    const ms = median(runs.filter((r) => r[i]?.name === k.name).map((r) => r[i]!.ms));
    if (detail && ms >= minMs) console.log(`    ${k.name} ${k.shapes} ${ms.toFixed(2)} ms`);
    const e = kernels.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    kernels.set(k.name, e);
  });
  return { wallMs: median(walls), kernels };
}

const calls = (kernels: Awaited<ReturnType<typeof tf.profile>>['kernels']): KernelCall[] =>
  kernels.map((k) => ({ name: k.name, shapes: JSON.stringify(k.inputShapes), ms: k.kernelTimeMs as number }));

/** Profiles `steps` runs of `step`, one tf.profile each. */
async function profiled(steps: number, step: () => Promise<unknown>): Promise<KernelTable> {
  const runs: KernelCall[][] = [];
  const walls: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const info = await tf.profile(async () => {
      await step();
      return [];
    });
    walls.push(performance.now() - t0);
    runs.push(calls(info.kernels));
  }
  return table(runs, walls);
}

/**
 * Profiles one `fit` epoch of `steps` batches and cuts its kernel list at each batch end, so that the steps are the
 * trainer's real ones (the first, which also holds fit's set-up, is dropped).
 */
async function profiledFit(
  steps: number,
  epoch: (onBatchEnd: () => void) => Promise<unknown>,
): Promise<KernelTable> {
  // NOTE: the engine's profile in progress is internal state; reading its length is the only way to cut it.
  const active = () =>
    (tf.engine().state as unknown as { activeProfile: { kernels: unknown[] } }).activeProfile;
  const cuts: number[] = [];
  const times: number[] = [];
  const info = await tf.profile(async () => {
    await epoch(() => {
      cuts.push(active().kernels.length);
      times.push(performance.now());
    });
    return [];
  });
  const all = calls(info.kernels);
  const runs = cuts.slice(1).map((end, i) => all.slice(cuts[i]!, end));
  const walls = times.slice(1).map((t, i) => t - times[i]!);
  if (runs.length < 1) throw new Error(`profile: needs at least 2 steps, got ${steps}`);
  return table(runs, walls);
}

function render(name: string, ours: KernelTable, peer: KernelTable, top: number): string {
  const sum = (t: KernelTable) => [...t.kernels.values()].reduce((s, e) => s + e.ms, 0);
  const names = [...new Set([...ours.kernels.keys(), ...peer.kernels.keys()])];
  const ms = (t: KernelTable, k: string) => t.kernels.get(k)?.ms ?? 0;
  names.sort((a, b) => Math.max(ms(ours, b), ms(peer, b)) - Math.max(ms(ours, a), ms(peer, a)));
  const lines = [
    `${name}: one training step of ${BATCH} images (ms: per kernel call the median over the profiled steps; wall: median step)`,
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
  const steps = Number(arg('--steps', '7'));
  const only = arg('--models', PRESETS.join(',')).split(',') as ModelName[];
  await useBackend(backend);
  const tfl = await import('@tensorflow/tfjs-layers');
  for (const name of only) {
    const model = MODELS[name]();
    const x = tf.randomUniform([BATCH * (steps + 1), 28, 28, 1], 0, 1, 'float32', 3);
    const labels = tf.randomUniform([BATCH * (steps + 1)], 0, 10, 'int32', 4);
    const source = tensorSource({ x, y: labels });
    const epoch = (onBatchEnd: () => void = () => {}) =>
      fit(model, source, {
        epochs: 1,
        batchSize: BATCH,
        metrics: [],
        shuffle: false,
        callbacks: { onBatchEnd },
      });
    await epoch(); // warm-up: kernels compiled, buffers allocated
    const ours = await profiledFit(steps, epoch);
    const peer = await peerModel(tfl, model);
    const xb = tf.slice(x, 0, BATCH);
    const targets = peerTargets(model, xb, tf.slice(labels, 0, BATCH));
    const peerStep = () => peer.trainOnBatch(xb, targets);
    await peerStep();
    const theirs = await profiled(steps, peerStep);
    console.log(`${render(name, ours, theirs, Number(arg('--top', '14')))}\n`);
    tf.dispose([x, labels, xb, ...[targets].flat()]);
    peer.dispose();
  }
}

await main();
