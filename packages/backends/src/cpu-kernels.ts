import { getKernel, ResizeBilinearGrad, ResizeNearestNeighborGrad } from '@tensorflow/tfjs-core';
import { registerCpuGemmKernels } from './cpu-gemm';
import { patchKernel } from './wasm/patch-kernel';
import { resizeBilinearGradComposed, resizeNearestNeighborGradComposed } from './wasm/resize-grad';
import { type Composite, composite } from './wasm/run-kernel';

/**
 * cpu kernels that tfjs-backend-cpu 4.22 computes wrongly: ResizeBilinearGrad returns [b, w, h, c] when
 * h != w, ResizeNearestNeighborGrad gives NaN when shrinking, and both ignore halfPixelCenters.
 */
const REPLACED: ReadonlyArray<[string, Composite]> = [
  [ResizeNearestNeighborGrad, resizeNearestNeighborGradComposed],
  [ResizeBilinearGrad, resizeBilinearGradComposed],
];

const added = new Set<string>();

/**
 * Replaces the cpu kernels that tfjs-backend-cpu computes wrongly with composites of its correct kernels, and adds
 * aecnn's own (the GEMM-based fused matMul and conv of `cpu-gemm.ts`, which only aecnn's layers call).
 * Idempotent; does nothing until @tensorflow/tfjs-backend-cpu is loaded (useBackend('cpu') calls it after).
 */
export function registerCpuKernels(): readonly string[] {
  if (getKernel('BatchMatMul', 'cpu') == null) return addedCpuKernels();
  for (const [name, body] of REPLACED) {
    if (patchKernel(name, 'cpu', () => composite('cpu', body))) added.add(name);
  }
  for (const name of registerCpuGemmKernels()) added.add(name);
  return addedCpuKernels();
}

/** Names of the cpu kernels that aecnn replaced or added. */
export function addedCpuKernels(): readonly string[] {
  return [...added];
}
