import { toOnnx } from '@aecnn/interop';
import type { AecnnModel } from '@aecnn/models';
import type * as tf from '@tensorflow/tfjs-core';

/** An onnxruntime-web session on a model's ONNX export (every output), timed as the inference peer. */
export interface OnnxPeer {
  /** Runs `runs` inference batches of the batch it was made with; every output is computed and read. */
  infer(runs: number): Promise<void>;
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
    },
    release: () => session.release(),
  };
}
