import { type KernelFunc, slice_util, type TensorInfo, util } from '@tensorflow/tfjs-core';

/** What the fast path uses of tfjs-backend-wasm's BackendWasm. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Slice on wasm: a contiguous slice (rows of the first axis, the usual batch) is one copy between views of the
 * heap; anything else goes to tfjs's own kernel.
 * Why: tfjs-backend-wasm 4.22 reads the whole input out of the heap (readSync) before copying the slice, so a
 * batch of 64 digits cut from 1,024 took ~1.8 ms, and the cost grows with the source, not the batch.
 */
export function contiguousSlice(original: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string') return original(args);
    const [b, s] = slice_util.parseSliceParams(x as never, begin, size) as [number[], number[]];
    if (!slice_util.isSliceContinous(x.shape, b, s)) return original(args);
    const backend = args.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(s, x.dtype);
    const start = slice_util.computeFlatOffset(b, util.computeStrides(x.shape));
    // NOTE: views are taken after makeOutput, which may grow (and so replace) the heap's buffer.
    const source = backend.typedArrayFromHeap(x);
    backend.typedArrayFromHeap(out).set(source.subarray(start, start + util.sizeFromShape(s)));
    return out;
  };
}
