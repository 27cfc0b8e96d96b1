import * as tf from '@tensorflow/tfjs-core';

// Kernels that @aecnn/backends registers where it has a faster form (its SIMD kernels on wasm). Layers depends on
// tfjs-core alone, so it calls them by name when the active backend has them and uses plain ops otherwise.

/** dy where y > 0, else 0, in one pass: inputs { dy, y }. */
export const RELU_GRAD_KERNEL = 'AecnnReluGrad';
/** The max-pool gradient of non-overlapping windows: inputs { x, dy }, attrs { poolSize }. */
export const WINDOW_MAX_GRAD_KERNEL = 'AecnnWindowMaxPoolGrad';
/** Depth-to-space with a crop: { x } [b, m, m2, s1·s2·f], attrs { blockShape, outShape, innerShape } → [b, oh, ow, f]. */
export const DEPTH_TO_SPACE_KERNEL = 'AecnnDepthToSpace';
/** Its inverse, the gradient: { dy } [b, oh, ow, f], attrs { blockShape, innerShape } → [b, m, m2, s1·s2·f]. */
export const SPACE_TO_DEPTH_KERNEL = 'AecnnSpaceToDepth';

/** A conv's kernel gradient: { x, dz } (dz's channels a multiple of 16), the attrs of Conv2DBackpropFilter. */
export const PATCH_KERNEL_GRAD_KERNEL = 'AecnnPatchKernelGrad';

/** act(a · b + bias) on cpu by aecnn's GEMM: the inputs and attrs of _FusedMatMul (untransposed; linear, relu, sigmoid). */
export const CPU_FUSED_MATMUL_KERNEL = 'AecnnCpuFusedMatMul';
/** act(conv2d(x, filter) + bias) on cpu as patches times the filter: the inputs and attrs of FusedConv2D (dilation 1). */
export const CPU_FUSED_CONV2D_KERNEL = 'AecnnCpuFusedConv2D';

/** Whether the active backend has kernel `name` registered. */
export const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) != null;

/**
 * Throws a clear error when no TensorFlow.js backend is registered (tfjs would fail later with "No backend found in
 * registry." from deep inside its engine). `where` names the entry point, e.g. 'build'.
 */
export function requireBackend(where: string): void {
  if (Object.keys(tf.engine().registryFactory).length > 0) return;
  throw new Error(
    `${where}: no TensorFlow.js backend is active; call await useBackend('wasm') (or 'cpu', 'webgl', ...) from @aecnn/backends first`,
  );
}
