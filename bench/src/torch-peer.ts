// The PyTorch peer: bench/torch/peer.py in a child /usr/bin/python3, driven one JSON line per request so that
// its timed windows alternate with aecnn's in the same run.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { toLayersArtifacts } from '@aecnn/interop';
import type { AecnnModel } from '@aecnn/models';

/** What the peer reports about itself: version, the BLAS it loaded, matMul GFLOP/s at 1 and 2 threads. */
export interface TorchInfo {
  torch: string;
  blas: string;
  matMulGflops: Record<string, number>;
}

/** A running PyTorch peer process. */
export interface TorchPeer {
  info: TorchInfo;
  /** Builds `model`'s architecture (from its Keras export) with its own seeded batch of `batch` images. */
  load(model: AecnnModel, batch: number): Promise<void>;
  /** Sets PyTorch's intra-op thread count. */
  threads(n: number): Promise<void>;
  /** One timed training window of `steps` Adam steps, the first `settle` untimed: images/s. */
  train(steps: number, settle: number): Promise<number>;
  /** One timed inference window of `runs` batches: images/s. */
  infer(runs: number): Promise<number>;
  close(): void;
}

const PYTHON = '/usr/bin/python3';

/**
 * Returns `value` after a quarter of a second: OpenMP's and OpenBLAS's worker threads spin for a while after a
 * parallel region, and would take the cores from the window that follows this one.
 */
export async function settled<T>(value: T): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, 250));
  return value;
}

/**
 * Starts the PyTorch peer, or returns why it cannot run (no python3, no torch). OpenBLAS tuning variables are
 * unset for the child only, so that it picks its own kernels as a user's PyTorch would.
 */
export async function startTorchPeer(): Promise<TorchPeer | string> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = fileURLToPath(new URL('../torch/peer.py', import.meta.url));
  const child = spawn(PYTHON, [script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(`${PYTHON} could not start (${e.message})`));
    child.once('exit', (code) =>
      resolve(`${PYTHON} exited with code ${code}: ${stderr.trim().split('\n').pop()}`),
    );
  });
  const ask = async (req: object): Promise<Record<string, unknown>> => {
    child.stdin.write(`${JSON.stringify(req)}\n`);
    const next = await Promise.race([lines.next(), exited]);
    if (typeof next === 'string') throw new Error(`torch peer: ${next}`);
    const reply = JSON.parse(next.value as string) as Record<string, unknown>;
    if (reply.ok !== true) throw new Error(`torch peer: ${reply.error as string}`);
    return reply;
  };
  let info: TorchInfo;
  try {
    info = (await ask({ kind: 'info' })) as unknown as TorchInfo;
  } catch (e) {
    child.kill();
    return `PyTorch is not usable: ${(e as Error).message.replace('torch peer: ', '')} (apt-get install -y python3-torch libopenblas0-pthread)`;
  }
  return {
    info,
    async load(model, batch) {
      const outputs = model.outputNames.filter((h) => h !== 'latent');
      const a = toLayersArtifacts(model, { outputs, softmax: outputs.includes('logits') });
      const topology = a.modelTopology as { model_config?: unknown; config?: unknown };
      const config = (
        (topology.model_config ?? topology) as { config: { layers: unknown[]; output_layers: [string][] } }
      ).config;
      await ask({
        kind: 'init',
        layers: config.layers,
        outputs: config.output_layers.map((o) => o[0]),
        inputShape: model.inputShape,
        batch,
      });
    },
    async threads(n) {
      await ask({ kind: 'threads', n });
    },
    train: async (steps, settle) =>
      settled((await ask({ kind: 'train', steps, settle })).imagesPerSecond as number),
    infer: async (runs) => settled((await ask({ kind: 'infer', runs })).imagesPerSecond as number),
    close: () => child.kill(),
  };
}
