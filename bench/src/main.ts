// `pnpm bench`: training and inference throughput of aecnn against @tensorflow/tfjs-layers in the same
// process, same backend, same architecture and weights (exported through @aecnn/interop), batch 64.
// Usage: node dist/main.js [--backend wasm,cpu] [--models articleCnn,...] [--json] [--quick]
// Each figure is the median of timed windows; aecnn and tfjs-layers windows alternate, and ratios are per window pair.
import '@aecnn/backends/chained-ops';
import { availableParallelism } from 'node:os';
import { type BackendName, backendInfo, useBackend } from '@aecnn/backends';
import { disposeParams } from '@aecnn/layers';
import type { AecnnModel } from '@aecnn/models';
import { fit, tensorSource } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { forwardFlops, trainFlops } from './flops';
import { BATCH, MAX_STEPS, MODELS, type ModelName, WASM_ONLY } from './models';
import { onnxPeer, onnxPeerInChild } from './onnx-peer';
import { peerModel, peerTargets } from './peer';
import { median, throughput } from './stats';
import { startTorchPeer, type TorchPeer } from './torch-peer';

/** aecnn and tfjs-layers images/s, and their ratio (median of the per-window ratios). */
interface Pair {
  aecnn: number;
  tfjsLayers: number;
  ratio: number;
}

/** aecnn and onnxruntime-web inference images/s on the model's ONNX export, and their ratio. */
interface OnnxPair {
  aecnn: number;
  onnxruntime: number;
  ratio: number;
  /** onnxruntime's threads: aecnn's own count. */
  threads: number;
  /** onnxruntime-web on every core (its own process), where the machine has several: aecnn against it. */
  threaded?: { aecnn: number; onnxruntime: number; ratio: number; threads: number };
  /** aecnn against the faster of onnxruntime's thread counts: the figure the goal is about. */
  ratioVsBest: number;
}

/** aecnn against PyTorch at its faster thread count (of 1 and 2), with both counts' images/s. */
interface TorchPair {
  aecnn: number;
  torch: number;
  ratio: number;
  /** PyTorch's thread count kept: the faster one. */
  threads: number;
  /** PyTorch's images/s per thread count tried. */
  byThreads: Record<string, number>;
}

/** Training and inference against PyTorch. */
interface TorchPairs {
  train: TorchPair;
  infer: TorchPair;
}

/** One model's figures on one backend. */
interface Row {
  model: string;
  backend: string;
  params: number;
  mflopPerTrainImage: number;
  train: Pair;
  infer: Pair;
  /** Inference against onnxruntime-web (wasm backend only). */
  inferOnnx?: OnnxPair;
  /** Training and inference against PyTorch on the CPU (wasm backend only, where PyTorch is installed). */
  torch?: TorchPairs;
  /** Why tfjs-layers and PyTorch did not run this model (their figures are NaN, aecnn's stand alone). */
  peersSkipped?: string;
  gflops: number;
  ceilingFraction: number;
}

/** How long to measure: wasm does hundreds of images per second, cpu about twenty. */
interface Plan {
  /** Training steps per window. */
  steps: number;
  /** Untimed steps at the start of each window: the first steps after switching frameworks run slower. */
  settle: number;
  windows: number;
  /** Inference batches per timed window. */
  inferRuns: number;
}

const PLANS: Record<string, { full: Plan; quick: Plan }> = {
  wasm: {
    full: { steps: 16, settle: 2, windows: 5, inferRuns: 8 },
    quick: { steps: 6, settle: 2, windows: 3, inferRuns: 4 },
  },
  cpu: {
    full: { steps: 1, settle: 0, windows: 3, inferRuns: 1 },
    quick: { steps: 1, settle: 0, windows: 2, inferRuns: 1 },
  },
};

/** GFLOP/s of a large square matMul on the active backend (1024², or 512² on cpu, where 1024² takes seconds). */
async function matMulCeiling(): Promise<number> {
  const n = tf.getBackend() === 'cpu' ? 512 : 1024;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const runs = tf.getBackend() === 'cpu' ? 1 : 3;
  const rate = await throughput(
    async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    1,
    { warmup: 1, windows: 3, runsPerWindow: runs },
  );
  tf.dispose([a, b]);
  return (rate * 2 * n ** 3) / 1e9;
}

/**
 * Alternates timed windows of `ours` and `theirs` (so that load from other processes hits both alike). A window
 * that times itself (a peer in another process) returns its own images/s.
 */
async function pairedRaw(
  ours: () => Promise<void>,
  theirs: () => Promise<unknown>,
  images: number,
  windows: number,
): Promise<{ ours: number[]; theirs: number[] }> {
  await ours();
  await theirs();
  const a: number[] = [];
  const b: number[] = [];
  for (let w = 0; w < windows; w++) {
    for (const [run, out] of [
      [ours, a],
      [theirs, b],
    ] as const) {
      // NOTE: one untimed run first: after the other side's window (and a peer process's rest) the first batch runs
      // on cold caches and clocks, and an inference window is only tens of milliseconds.
      if (run === ours) await run();
      const t0 = performance.now();
      const own = await run();
      out.push(typeof own === 'number' ? own : images / ((performance.now() - t0) / 1000));
    }
  }
  return { ours: a, theirs: b };
}

/** `pairedRaw` as medians and the median per-window ratio. */
async function paired(...args: Parameters<typeof pairedRaw>): Promise<Pair> {
  const { ours: a, theirs: b } = await pairedRaw(...args);
  return { aecnn: median(a), tfjsLayers: median(b), ratio: median(a.map((v, i) => v / b[i]!)) };
}

/**
 * aecnn's inference against onnxruntime-web on the same batch: with aecnn's thread count in this process and,
 * where the machine has several cores, on all of them in a child process; undefined if onnxruntime is absent.
 */
async function versusOnnx(
  model: AecnnModel,
  xb: tf.Tensor,
  ours: () => Promise<void>,
  plan: Plan,
): Promise<OnnxPair | undefined> {
  // NOTE: tfjs-wasm runs its kernels on one thread unless its threaded build is active (then on every core).
  const threads = backendInfo().threads ? availableParallelism() : 1;
  const peer = await onnxPeer(model, xb, threads);
  if (typeof peer === 'string') {
    if (!onnxSkipSaid) process.stderr.write(`onnxruntime peer skipped: ${peer}\n`);
    onnxSkipSaid = true;
    return undefined;
  }
  const images = BATCH * plan.inferRuns;
  let single: Pair;
  try {
    single = await paired(ours, () => peer.infer(plan.inferRuns), images, plan.windows);
  } finally {
    await peer.release();
  }
  const pair: OnnxPair = {
    aecnn: single.aecnn,
    onnxruntime: single.tfjsLayers,
    ratio: single.ratio,
    threads,
    ratioVsBest: single.ratio,
  };
  const cores = availableParallelism();
  if (cores <= threads) return pair;
  const several = await onnxPeerInChild(model, xb, cores);
  if (typeof several === 'string') return pair;
  try {
    const r = await paired(ours, () => several.infer(plan.inferRuns), images, plan.windows);
    pair.threaded = { aecnn: r.aecnn, onnxruntime: r.tfjsLayers, ratio: r.ratio, threads: several.threads };
    pair.ratioVsBest = Math.min(single.ratio, r.ratio);
  } finally {
    await several.release();
  }
  return pair;
}
let onnxSkipSaid = false;

/** PyTorch's thread counts to try: one, and every core. */
const TORCH_THREADS = [...new Set([1, availableParallelism()])];

/**
 * The faster of PyTorch's thread counts: per count, aecnn's windows and PyTorch's beside them (same length);
 * the ratio is the median of the per-window ratios at the count kept.
 */
function bestTorch(windows: Map<number, { ours: number[]; theirs: number[] }>): TorchPair {
  const per = [...windows].map(([threads, w]) => ({ threads, ...w, torch: median(w.theirs) }));
  const best = per.reduce((x, y) => (y.torch > x.torch ? y : x));
  return {
    aecnn: median(best.ours),
    torch: best.torch,
    ratio: median(best.ours.map((o, i) => o / best.theirs[i]!)),
    threads: best.threads,
    byThreads: Object.fromEntries(per.map((p) => [p.threads, p.torch])),
  };
}

/** aecnn's inference windows against PyTorch's at each thread count, paired; the faster count kept. */
async function torchInfer(torch: TorchPeer, ours: () => Promise<void>, plan: Plan): Promise<TorchPair> {
  const windows = new Map<number, { ours: number[]; theirs: number[] }>();
  for (const n of TORCH_THREADS) {
    await torch.threads(n);
    windows.set(
      n,
      await pairedRaw(ours, () => torch.infer(plan.inferRuns), BATCH * plan.inferRuns, plan.windows),
    );
  }
  return bestTorch(windows);
}

async function measure(
  name: ModelName,
  backend: string,
  plan: Plan,
  ceiling: number,
  torch?: TorchPeer,
): Promise<Row> {
  const tfl = await import('@tensorflow/tfjs-layers');
  const { settle, windows } = plan;
  const steps = Math.min(plan.steps, MAX_STEPS[name] ?? plan.steps);
  const model = MODELS[name]();
  const x = tf.randomUniform([BATCH * steps, 28, 28, 1], 0, 1, 'float32', 3);
  const labels = tf.randomUniform([BATCH * steps], 0, 10, 'int32', 4);
  const source = tensorSource({ x, y: labels });
  // tfjs-layers cannot run every model (a VAE's sampling layer has no Layers equivalent): then aecnn runs alone.
  const peer = await peerModel(tfl, model).catch((e: Error) => e);
  const tflPeer = peer instanceof Error ? undefined : peer;
  const xb = tf.slice(x, 0, BATCH);
  const yb = tf.slice(labels, 0, BATCH);
  const targets = tflPeer ? peerTargets(model, xb, yb) : [];

  // aecnn trains with its real trainer: each window is one epoch of `steps` batches through `fit`, timed from the end
  // of its batch `settle - 1` to its last batch end (the whole epoch when settle is 0). The peer runs its window of
  // `steps` trainOnBatch calls in the epoch-end callback, timed after its first `settle` calls alike.
  const ours: number[] = [];
  const theirs: number[] = [];
  const peerWindow = async () => {
    if (!tflPeer) return Number.NaN;
    for (let i = 0; i < settle; i++) await tflPeer.trainOnBatch(xb, targets);
    const t0 = performance.now();
    for (let i = settle; i < steps; i++) await tflPeer.trainOnBatch(xb, targets);
    return (BATCH * (steps - settle)) / ((performance.now() - t0) / 1000);
  };
  await peerWindow(); // warm-up
  const torchTrain = new Map<number, number[]>(TORCH_THREADS.map((n) => [n, []]));
  const torchWindows = async () => {
    if (!torch || !tflPeer) return;
    for (const n of TORCH_THREADS) {
      await torch.threads(n);
      torchTrain.get(n)!.push(await torch.train(steps, settle));
    }
  };
  // The PyTorch peer is built from the Keras export too: the same models are out of its reach.
  if (torch && tflPeer) {
    await torch.load(model, BATCH);
    for (const n of TORCH_THREADS) {
      await torch.threads(n);
      await torch.train(Math.max(settle + 1, 2), settle); // warm-up
    }
  }
  let batchEnds: number[] = [];
  await fit(model, source, {
    epochs: 1 + windows,
    batchSize: BATCH,
    metrics: [],
    shuffle: false,
    callbacks: {
      onBatchEnd: () => void batchEnds.push(performance.now()),
      onEpochEnd: async (log) => {
        const ends = batchEnds;
        batchEnds = [];
        if (log.epoch === 0) return; // warm-up epoch
        ours.push(
          settle === 0
            ? log.imagesPerSecond
            : (BATCH * (steps - settle)) / ((ends[steps - 1]! - ends[settle - 1]!) / 1000),
        );
        theirs.push(await peerWindow());
        await torchWindows();
      },
    },
  });
  const train: Pair = {
    aecnn: median(ours),
    tfjsLayers: median(theirs),
    ratio: median(ours.map((v, i) => v / theirs[i]!)),
  };

  const inferRuns = plan.inferRuns;
  const oursInfer = async () => {
    for (let i = 0; i < inferRuns; i++) {
      const out = tf.tidy(() =>
        Object.values(model.forward(xb, { training: false })).filter((t) => t !== undefined),
      );
      await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
    }
  };
  const infer = await paired(
    oursInfer,
    async () => {
      for (let i = 0; tflPeer && i < inferRuns; i++) {
        const out = [tflPeer.predict(xb)].flat() as tf.Tensor[];
        await Promise.all(out.map((t) => t.data()));
        tf.dispose(out);
      }
      return tflPeer ? undefined : Number.NaN;
    },
    BATCH * inferRuns,
    windows,
  );
  const inferOnnx = backend === 'wasm' ? await versusOnnx(model, xb, oursInfer, plan) : undefined;
  const versusTorch: TorchPairs | undefined =
    torch && tflPeer
      ? {
          train: bestTorch(new Map([...torchTrain].map(([n, theirs]) => [n, { ours, theirs }]))),
          infer: await torchInfer(torch, oursInfer, plan),
        }
      : undefined;
  const fwd = Object.values(model.modules).reduce((s, m) => s + forwardFlops(m), 0);
  const perImage = trainFlops(fwd);
  tf.dispose([x, labels, xb, yb, ...[targets].flat()]);
  tflPeer?.optimizer.dispose(); // not disposed with the model: compile() was given an instance
  tflPeer?.dispose();
  disposeParams(model.modules);
  const gflops = (train.aecnn * perImage) / 1e9;
  return {
    model: name,
    backend,
    params: model.paramCount(),
    mflopPerTrainImage: perImage / 1e6,
    train,
    infer,
    ...(inferOnnx ? { inferOnnx } : {}),
    ...(versusTorch ? { torch: versusTorch } : {}),
    ...(peer instanceof Error ? { peersSkipped: peer.message } : {}),
    gflops,
    ceilingFraction: gflops / ceiling,
  };
}

const fmt = (n: number, d = 0) => n.toFixed(d);
const threadsOf = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

/** aecnn against PyTorch: training (when measured) and inference, PyTorch at its faster thread count. */
function logTorchLines(name: string, t: Partial<TorchPairs>, log: (s: string) => void): void {
  const part = (what: string, p: TorchPair) => {
    const tried = Object.entries(p.byThreads)
      .map(([n, v]) => `${fmt(v)} on ${threadsOf(+n)}`)
      .join(', ');
    return `${what} ${fmt(p.aecnn).padStart(6)} img/s vs PyTorch ${fmt(p.torch).padStart(6)} = ${fmt(p.ratio, 2)}x (PyTorch ${tried})`;
  };
  log(
    `  ${name.padEnd(16)} ${[t.train && part('train', t.train), t.infer && part('infer', t.infer)].filter(Boolean).join(' | ')}`,
  );
}

/** One line per onnxruntime thread count: aecnn (its own threads) against it, in the same windows. */
function logOnnxLines(name: string, o: OnnxPair, log: (s: string) => void): void {
  const line = (label: string, aecnn: number, ort: number, ratio: number, threads: number) =>
    log(
      `  ${label.padEnd(16)} infer ${fmt(aecnn).padStart(6)} img/s vs onnxruntime-web ${fmt(ort).padStart(6)}` +
        ` = ${fmt(ratio, 2)}x (wasm; aecnn ${threadsOf(o.threads)}, onnxruntime ${threadsOf(threads)})`,
    );
  line(name, o.aecnn, o.onnxruntime, o.ratio, o.threads);
  if (o.threaded) line('', o.threaded.aecnn, o.threaded.onnxruntime, o.threaded.ratio, o.threaded.threads);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const quick = args.includes('--quick');
  const mi = args.indexOf('--models');
  const names = (mi >= 0 ? args[mi + 1]!.split(',') : Object.keys(MODELS)) as ModelName[];
  for (const n of names) {
    if (!(n in MODELS))
      throw new Error(`bench: unknown model ${n}; expected one of ${Object.keys(MODELS).join(', ')}`);
  }
  const bi = args.indexOf('--backend');
  const backends = (bi >= 0 ? args[bi + 1]! : 'wasm,cpu').split(',') as BackendName[];
  const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const logOnnx = (name: string, o: OnnxPair) => logOnnxLines(name, o, log);
  const logTorch = (name: string, t: Partial<TorchPairs>) => logTorchLines(name, t, log);
  const rows: Row[] = [];
  const ceilings: Record<string, number> = {};
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const torch = backends.includes('wasm') ? await startTorchPeer() : undefined;
  let torchInfo: TorchPeer['info'] | undefined;
  if (typeof torch === 'string') log(`PyTorch peer skipped: ${torch}`);
  else if (torch) {
    torchInfo = torch.info;
    const gf = Object.entries(torch.info.matMulGflops).map(
      ([n, g]) => `${fmt(g, 1)} GFLOP/s on ${threadsOf(+n)}`,
    );
    log(`PyTorch ${torch.info.torch}: ${torch.info.blas}; matMul 1024² ${gf.join(', ')}`);
  }
  const torchPeer = typeof torch === 'string' ? undefined : torch;
  let aecnnThreads: number | undefined;
  for (const backend of backends) {
    const info = await useBackend(backend);
    if (backend === 'wasm') aecnnThreads = info.threads ? availableParallelism() : 1;
    const ceiling = await matMulCeiling();
    ceilings[backend] = ceiling;
    log(
      `${backend}: simd ${info.simd}, threads ${info.threads}; matMul ceiling ${fmt(ceiling, 1)} GFLOP/s (${backend === 'cpu' ? 512 : 1024}²)`,
    );
    const plan = (PLANS[backend] ?? PLANS.cpu!)[quick ? 'quick' : 'full'];
    for (const name of names) {
      if (backend !== 'wasm' && WASM_ONLY.has(name)) continue;
      const r = await measure(name, backend, plan, ceiling, backend === 'wasm' ? torchPeer : undefined);
      rows.push(r);
      const rate = `${fmt(r.gflops, 2)} GFLOP/s = ${fmt(100 * r.ceilingFraction, 1)}% of ceiling`;
      log(
        r.peersSkipped
          ? `  ${name.padEnd(16)} train ${fmt(r.train.aecnn).padStart(6)} img/s | infer ${fmt(r.infer.aecnn).padStart(6)} | ${rate}` +
              ` (no tfjs-layers / PyTorch peer: ${r.peersSkipped.split(';')[0]})`
          : `  ${name.padEnd(16)} train ${fmt(r.train.aecnn).padStart(6)} img/s vs tfjs-layers ${fmt(r.train.tfjsLayers).padStart(6)}` +
              ` = ${fmt(r.train.ratio, 2)}x | infer ${fmt(r.infer.aecnn).padStart(6)} vs ${fmt(r.infer.tfjsLayers).padStart(6)}` +
              ` = ${fmt(r.infer.ratio, 2)}x | ${rate}`,
      );
      if (r.inferOnnx) logOnnx('', r.inferOnnx);
      if (r.torch) logTorch('', r.torch);
    }
  }
  clearInterval(sampler);
  const mem = tf.memory();
  const ratio: Record<string, number> = {};
  for (const r of rows) {
    const key = (s: string) =>
      `${s}${r.model[0]!.toUpperCase()}${r.model.slice(1)}${r.backend[0]!.toUpperCase()}${r.backend.slice(1)}`;
    if (!r.peersSkipped) {
      ratio[key('train')] = r.train.ratio;
      ratio[key('infer')] = r.infer.ratio;
    }
    const model = `${r.model[0]!.toUpperCase()}${r.model.slice(1)}`;
    if (r.inferOnnx) ratio[`infer${model}VsOnnxruntime`] = r.inferOnnx.ratioVsBest;
    if (r.torch) {
      ratio[`train${model}VsTorch`] = r.torch.train.ratio;
      ratio[`infer${model}VsTorch`] = r.torch.infer.ratio;
    }
  }
  torchPeer?.close();
  const summary = {
    batch: BATCH,
    rows,
    ratio,
    /** aecnn's kernel threads on wasm (tfjs-wasm's threaded build, else 1). */
    ...(aecnnThreads ? { aecnnThreads } : {}),
    ...(torchInfo ? { torch: torchInfo } : {}),
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
