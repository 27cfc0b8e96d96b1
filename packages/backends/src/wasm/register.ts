import {
  _FusedMatMul,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  FusedConv2D,
  FusedDepthwiseConv2D,
  getKernel,
  Identity,
  MaxPoolGrad,
  ResizeBilinearGrad,
  ResizeNearestNeighborGrad,
  Slice,
} from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasm, depthwiseBackpropFilterWasm } from './conv2d-backprop-filter';
import { fastConv2dBackpropInput } from './conv2d-backprop-input';
import { depthwiseBackpropInputWasm } from './depthwise-backprop-input';
import { withExplicitSamePadding } from './explicit-pad';
import { fusedMatMulWasm } from './fused-mat-mul';
import { sharedIdentity } from './identity';
import { patchWasmMatMul } from './matmul';
import { maxPoolGradComposed } from './max-pool-grad';
import { patchKernel } from './patch-kernel';
import { resizeBilinearGradComposed, resizeNearestNeighborGradComposed } from './resize-grad';
import { type Composite, composite } from './run-kernel';
import { contiguousSlice } from './slice';

/** Kernels wasm lacks: added only when missing. */
const MISSING: ReadonlyArray<[string, Composite]> = [
  [Conv2DBackpropFilter, conv2dBackpropFilterWasm],
  [DepthwiseConv2dNativeBackpropFilter, depthwiseBackpropFilterWasm],
  [DepthwiseConv2dNativeBackpropInput, depthwiseBackpropInputWasm],
];

/** Kernels wasm has but computes wrongly (see each file's "Why"): replaced by composites. */
const REPLACED: ReadonlyArray<[string, Composite]> = [
  [_FusedMatMul, fusedMatMulWasm],
  [MaxPoolGrad, maxPoolGradComposed],
  [ResizeNearestNeighborGrad, resizeNearestNeighborGradComposed],
  [ResizeBilinearGrad, resizeBilinearGradComposed],
];

/** Conv kernels whose 'same' padding is wrong on wasm: wrapped to receive explicit padding. */
const SAME_PADDING: ReadonlyArray<[string, boolean]> = [
  [Conv2D, false],
  [FusedConv2D, false],
  [DepthwiseConv2dNative, true],
  [FusedDepthwiseConv2D, true],
];

const added = new Set<string>();

/**
 * Registers, for the wasm backend, the kernels that tfjs-backend-wasm 4.22 lacks and replaces the ones it
 * computes wrongly. Idempotent. Call it after @tensorflow/tfjs-backend-wasm has been imported (useBackend
 * does), since importing that package registers its own kernels over ours.
 */
export function registerWasmKernels(): readonly string[] {
  const wasmLoaded = getKernel(Conv2D, 'wasm') != null;
  for (const [name, body] of MISSING) {
    const present = getKernel(name, 'wasm');
    if (present != null && !added.has(name)) continue; // a future tfjs-backend-wasm has its own
    if (patchKernel(name, 'wasm', () => composite('wasm', body))) added.add(name);
  }
  // Fixes wrap or replace wasm's own kernels, which exist only once its package is loaded.
  if (!wasmLoaded) return addedWasmKernels();
  for (const name of patchWasmMatMul()) added.add(name);
  const fast = patchKernel(Conv2DBackpropInput, 'wasm', (original) => {
    if (original == null) throw new Error(`@aecnn/backends: wasm kernel '${Conv2DBackpropInput}' is missing`);
    return fastConv2dBackpropInput(original);
  });
  if (fast) added.add(Conv2DBackpropInput);
  const sliced = patchKernel(Slice, 'wasm', (original) => {
    if (original == null) throw new Error(`@aecnn/backends: wasm kernel '${Slice}' is missing`);
    return contiguousSlice(original);
  });
  if (sliced) added.add(Slice);
  if (patchKernel(Identity, 'wasm', () => sharedIdentity)) added.add(Identity);
  for (const [name, body] of REPLACED) {
    if (patchKernel(name, 'wasm', () => composite('wasm', body))) added.add(name);
  }
  for (const [name, depthwise] of SAME_PADDING) {
    const done = patchKernel(name, 'wasm', (original) => {
      if (original == null) throw new Error(`@aecnn/backends: wasm kernel '${name}' is missing`);
      return withExplicitSamePadding(original, depthwise);
    });
    if (done) added.add(name);
  }
  return addedWasmKernels();
}

/** Names of the wasm kernels that aecnn registered (added or replaced). */
export function addedWasmKernels(): readonly string[] {
  return [...added];
}
