// `pnpm --filter @aecnn/bench data-parallel [-- --steps 30 --models articleCnn,convAutoencoder,fusion]`: an
// experiment, not the trainer. Trains each model at batch 64 on wasm (1) in one worker thread, (2) split over two
// worker threads of 32 images each whose gradients are averaged every step (each applies the same averaged gradient
// with its own Adam, the trainer's, so their weights stay equal), and prints both throughputs and how far the two
// runs' weights drift apart. The loss is the trainer's default for the model's heads.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import { trainableVariables } from '@aecnn/layers';
import { createOptimizer, defaultLoss, resolveLoss, resolveOptimizer } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { MODELS, type ModelName, PRESETS } from './models';

const BATCH = 64;

interface Job {
  readonly model: ModelName;
  /** Which images of the batch this worker trains on. */
  readonly start: number;
  readonly size: number;
}

type ToWorker =
  | { kind: 'step' }
  | { kind: 'apply'; grads: Float32Array }
  | { kind: 'weights' }
  | { kind: 'infer'; x: Float32Array };
type FromWorker =
  | { kind: 'ready' }
  | { kind: 'grads'; grads: Float32Array }
  | { kind: 'applied' }
  | { kind: 'inferred'; out: Float32Array }
  | { kind: 'weights'; weights: Float32Array };

async function worker(job: Job): Promise<void> {
  const port = parentPort!;
  await useBackend('wasm');
  const model = MODELS[job.model]();
  const objective = resolveLoss(defaultLoss(model.outputNames));
  const vars = trainableVariables(model.modules);
  const opt = createOptimizer(resolveOptimizer('adam'), 1e-3);
  // The same seeded batch in every worker; each takes its slice.
  const x = tf.slice(tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 3), job.start, job.size);
  const y = tf.slice(tf.randomUniform([BATCH], 0, 10, 'int32', 4), job.start, job.size);
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  port.on('message', (m: ToWorker) => {
    if (m.kind === 'step') {
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, { training: true, seed: 1 }, objective.heads);
        // Mean over this worker's images times its share of the batch: the workers' gradients add up to the batch
        // mean's.
        const terms = objective.terms.map((t) => t.compute(out, { input: x, y }).value);
        return tf.mul(tf.addN(terms), job.size / BATCH) as tf.Scalar;
      }, vars);
      const flat = new Float32Array(total);
      let at = 0;
      for (const v of vars) {
        flat.set(grads[v.name]!.dataSync() as Float32Array, at);
        at += v.size;
      }
      tf.dispose([value, ...Object.values(grads)]);
      port.postMessage({ kind: 'grads', grads: flat } satisfies FromWorker, [flat.buffer]);
    } else if (m.kind === 'apply') {
      tf.tidy(() => {
        let at = 0;
        const named = vars.map((v) => {
          const t = tf.tensor(m.grads.subarray(at, at + v.size), v.shape);
          at += v.size;
          return { name: v.name, tensor: t };
        });
        opt.applyGradients(named);
      });
      port.postMessage({ kind: 'applied' } satisfies FromWorker);
    } else if (m.kind === 'infer') {
      // Inference on the images sent (as the caller of a pool would: pixels in, the first head's values out).
      const out = tf.tidy(() => {
        const input = tf.tensor4d(m.x, [m.x.length / 784, 28, 28, 1]);
        return Object.values(model.forward(input, { training: false })).find((t) => t !== undefined)!;
      });
      const values = new Float32Array(out.dataSync() as Float32Array);
      out.dispose();
      port.postMessage({ kind: 'inferred', out: values } satisfies FromWorker, [values.buffer]);
    } else {
      const flat = new Float32Array(total);
      let at = 0;
      for (const v of vars) {
        flat.set(v.dataSync() as Float32Array, at);
        at += v.size;
      }
      port.postMessage({ kind: 'weights', weights: flat } satisfies FromWorker, [flat.buffer]);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

/** A worker thread running this file, with a promise per reply. */
function spawn(job: Job) {
  const w = new Worker(new URL(import.meta.url), { workerData: job });
  const waiting: Array<(m: FromWorker) => void> = [];
  w.on('message', (m: FromWorker) => waiting.shift()?.(m));
  const next = () => new Promise<FromWorker>((resolve) => waiting.push(resolve));
  const ready = next();
  return {
    ready,
    ask: (m: ToWorker) => {
      const reply = next();
      w.postMessage(m);
      return reply;
    },
    stop: () => w.terminate(),
  };
}

/** Trains `steps` steps with the batch split over `parts` workers; images/s and the final weights. */
async function run(
  model: ModelName,
  parts: number,
  steps: number,
): Promise<{ rate: number; weights: Float32Array }> {
  const size = BATCH / parts;
  const workers = Array.from({ length: parts }, (_, i) => spawn({ model, start: i * size, size }));
  await Promise.all(workers.map((w) => w.ready));
  const step = async () => {
    const grads = (await Promise.all(workers.map((w) => w.ask({ kind: 'step' })))).map(
      (m) => (m as { grads: Float32Array }).grads,
    );
    const sum = grads[0]!;
    for (const g of grads.slice(1)) for (let i = 0; i < sum.length; i++) sum[i]! += g[i]!;
    await Promise.all(workers.map((w) => w.ask({ kind: 'apply', grads: sum })));
  };
  for (let i = 0; i < 3; i++) await step(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const rate = (BATCH * steps) / ((performance.now() - t0) / 1000);
  const weights = ((await workers[0]!.ask({ kind: 'weights' })) as { weights: Float32Array }).weights;
  await Promise.all(workers.map((w) => w.stop()));
  return { rate, weights };
}

/** Inference images/s of a batch split over `parts` workers (the same model in each), `runs` batches. */
async function infer(model: ModelName, parts: number, runs: number): Promise<number> {
  const size = BATCH / parts;
  const workers = Array.from({ length: parts }, (_, i) => spawn({ model, start: i * size, size }));
  await Promise.all(workers.map((w) => w.ready));
  const batch = Float32Array.from({ length: BATCH * 784 }, (_, i) => (i % 255) / 255);
  const once = () =>
    Promise.all(
      workers.map((w, i) => w.ask({ kind: 'infer', x: batch.slice(i * size * 784, (i + 1) * size * 784) })),
    );
  for (let i = 0; i < 5; i++) await once(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await once();
  const rate = (BATCH * runs) / ((performance.now() - t0) / 1000);
  await Promise.all(workers.map((w) => w.stop()));
  return rate;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const si = args.indexOf('--steps');
  const steps = si >= 0 ? Number(args[si + 1]) : 30;
  const mi = args.indexOf('--models');
  const names = (mi >= 0 ? args[mi + 1]!.split(',') : PRESETS) as ModelName[];
  for (const name of names) {
    if (!(name in MODELS))
      throw new Error(`--models: unknown model '${name}'; expected ${Object.keys(MODELS)}`);
    const one = await run(name, 1, steps);
    const two = await run(name, 2, steps);
    let drift = 0;
    for (let i = 0; i < one.weights.length; i++) {
      drift = Math.max(drift, Math.abs(one.weights[i]! - two.weights[i]!));
    }
    console.log(
      `${name}, batch ${BATCH}, wasm, ${steps + 3} steps: 1 worker ${one.rate.toFixed(0)} img/s, ` +
        `2 workers x ${BATCH / 2} ${two.rate.toFixed(0)} img/s = ${(two.rate / one.rate).toFixed(2)}x; ` +
        `max |weight difference| after training ${drift.toExponential(2)}`,
    );
    const runs = steps * 10;
    const i1 = await infer(name, 1, runs);
    const i2 = await infer(name, 2, runs);
    console.log(
      `${name} inference, batch ${BATCH}, ${runs} batches: 1 worker ${i1.toFixed(0)} img/s, ` +
        `2 workers x ${BATCH / 2} ${i2.toFixed(0)} img/s = ${(i2 / i1).toFixed(2)}x`,
    );
  }
}

if (isMainThread) await main();
else await worker(workerData as Job);
