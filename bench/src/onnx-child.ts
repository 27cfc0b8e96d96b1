// The onnxruntime-web inference peer in a child process, so that it can use its own thread count: the wasm
// backend reads `numThreads` once per process. The parent (onnx-peer.ts) sends one `init`, then `run` requests.
import type * as Ort from 'onnxruntime-web';

/** A request from the parent. */
export type ChildRequest =
  | { kind: 'init'; model: Uint8Array; input: Float32Array; shape: number[]; threads: number }
  | { kind: 'run'; runs: number };

/** A reply to the parent: the request finished, or failed with a message. */
export type ChildReply =
  | { kind: 'ok'; threads?: number; imagesPerSecond?: number }
  | { kind: 'error'; message: string };

let session: Ort.InferenceSession | undefined;
let feed: Record<string, Ort.Tensor> = {};
let batch = 0;

async function handle(req: ChildRequest): Promise<ChildReply> {
  if (req.kind === 'init') {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = req.threads;
    session = await ort.InferenceSession.create(new Uint8Array(req.model), { graphOptimizationLevel: 'all' });
    feed = { [session.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(req.input), req.shape) };
    batch = req.shape[0]!;
    return { kind: 'ok', threads: ort.env.wasm.numThreads as number };
  }
  if (!session) return { kind: 'error', message: 'onnx-child: run before init' };
  const t0 = performance.now();
  for (let i = 0; i < req.runs; i++) {
    const out = await session.run(feed);
    for (const t of Object.values(out)) t.dispose();
  }
  return { kind: 'ok', imagesPerSecond: (batch * req.runs) / ((performance.now() - t0) / 1000) };
}

process.on('message', (req: ChildRequest) => {
  handle(req).then(
    (reply) => process.send!(reply),
    (e: unknown) => process.send!({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
  );
});
