import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { toOnnx } from '@aecnn/interop';
import type { AecnnModel } from '@aecnn/models';
import type * as tf from '@tensorflow/tfjs-core';
import type { ChildReply, ChildRequest } from './onnx-child';
import { settled } from './torch-peer';

/** An onnxruntime-web session on a model's ONNX export (every output), timed as the inference peer. */
export interface OnnxPeer {
  /**
   * Runs `runs` inference batches of the batch it was made with; every output is computed and read. A peer in
   * another process times itself and returns its images/s.
   */
  infer(runs: number): Promise<number | undefined>;
  release(): Promise<void>;
}

/**
 * The inference peer of `model` on batch `x`: its ONNX export (every graph output, as aecnn's forward computes
 * them) in onnxruntime-web's wasm backend (SIMD, all graph optimisations) with `threads` threads; or, when
 * onnxruntime-web is not installed, the reason.
 */
export async function onnxPeer(model: AecnnModel, x: tf.Tensor, threads: number): Promise<OnnxPeer | string> {
  let ort: typeof import('onnxruntime-web');
  try {
    ort = await import('onnxruntime-web');
  } catch {
    return 'onnxruntime-web is not installed (pnpm install in bench)';
  }
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(toOnnx(model), { graphOptimizationLevel: 'all' });
  const feed = { [session.inputNames[0]!]: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape) };
  return {
    async infer(runs) {
      for (let i = 0; i < runs; i++) {
        const out = await session.run(feed);
        for (const t of Object.values(out)) t.dispose();
      }
      return undefined;
    },
    release: () => session.release(),
  };
}

/** Sends one request to the child and waits for its reply; a child error or exit rejects with its message. */
function ask(child: ChildProcess, req: ChildRequest): Promise<ChildReply & { kind: 'ok' }> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`onnxruntime child exited (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: ChildReply) => {
      child.off('exit', onExit);
      if (reply.kind === 'error') reject(new Error(`onnxruntime child: ${reply.message}`));
      else resolve(reply);
    });
    child.send(req);
  });
}

/**
 * The same peer with `threads` threads, in a child process (onnxruntime-web's wasm backend fixes its thread
 * count once per process, and this one already runs the single-threaded peer). The parent's windows and the
 * child's alternate, so the two never run at once. Returns the reason when onnxruntime-web is missing.
 */
export async function onnxPeerInChild(
  model: AecnnModel,
  x: tf.Tensor,
  threads: number,
): Promise<(OnnxPeer & { threads: number }) | string> {
  try {
    await import('onnxruntime-web');
  } catch {
    return 'onnxruntime-web is not installed (pnpm install in bench)';
  }
  const child = fork(fileURLToPath(new URL('./onnx-child.js', import.meta.url)), {
    stdio: 'inherit',
    serialization: 'advanced',
  });
  try {
    const init = await ask(child, {
      kind: 'init',
      model: toOnnx(model),
      input: x.dataSync() as Float32Array,
      shape: x.shape,
      threads,
    });
    return {
      threads: init.threads ?? threads,
      // Its thread pool spins after a run, as PyTorch's does: settled() lets it sleep before the next window.
      infer: async (runs) => settled((await ask(child, { kind: 'run', runs })).imagesPerSecond),
      release: async () => {
        child.kill();
      },
    };
  } catch (e) {
    child.kill();
    throw e;
  }
}
