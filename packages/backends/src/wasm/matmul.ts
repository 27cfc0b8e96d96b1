import {
  BatchMatMul,
  type BatchMatMulAttrs,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

const patched = new WeakSet<KernelFunc>();

/** Transposes the last two axes of a rank-2 or rank-3 tensor with the backend's Transpose kernel. */
function transposeLast2(backend: KernelBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = rank === 2 ? [1, 0] : [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  const transpose = getKernel('Transpose', 'wasm')!.kernelFunc;
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

/**
 * Wraps a wasm matmul kernel so that transposed operands are transposed explicitly first.
 * NOTE: tfjs-backend-wasm 4.22's BatchMatMul/_FusedMatMul with transposeA or transposeB run 6-15x slower
 * than Transpose + a plain product (measured: [5408,64]^T x [64,64]: 21 ms vs 3.6 ms); every dense and
 * conv-filter gradient hits that path.
 */
function withExplicitTransposes(original: KernelFunc): KernelFunc {
  const wrapped: KernelFunc = (args) => {
    const attrs = args.attrs as unknown as BatchMatMulAttrs;
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const backend = args.backend as KernelBackend;
    const inputs = { ...(args.inputs as Record<string, TensorInfo>) };
    const made: TensorInfo[] = [];
    for (const [key, flag] of [
      ['a', attrs.transposeA],
      ['b', attrs.transposeB],
    ] as const) {
      if (!flag) continue;
      inputs[key] = transposeLast2(backend, inputs[key]!);
      made.push(inputs[key]);
    }
    try {
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of made) backend.disposeData(t.dataId);
    }
  };
  patched.add(wrapped);
  return wrapped;
}

/**
 * Replaces wasm's BatchMatMul with one that transposes explicitly. Idempotent; needs wasm loaded.
 * (_FusedMatMul is replaced by a composite over BatchMatMul, see fused-mat-mul.ts, so it inherits this.)
 */
export function patchWasmMatMul(): string[] {
  const done: string[] = [];
  for (const name of [BatchMatMul]) {
    const config = getKernel(name, 'wasm');
    if (config == null || patched.has(config.kernelFunc)) continue;
    unregisterKernel(name, 'wasm');
    const next: KernelConfig = { ...config, kernelFunc: withExplicitTransposes(config.kernelFunc) };
    registerKernel(next);
    done.push(name);
  }
  return done;
}
