// The names of the kernels @aecnn/backends adds, declared once: the kernels here register under them, and
// @aecnn/layers and @aecnn/train call them by name (through `@aecnn/backends/kernel-names`, which has no side
// effects) where the active backend has them, with plain ops otherwise.

/** Fused Adam step of one variable: inputs { param, grad, m, v }, outputs [param', m', v'] (wasm). */
export const ADAM_KERNEL = 'AecnnAdam';
/** dy where y > 0, else 0: inputs { dy, y } (wasm). */
export const RELU_GRAD_KERNEL = 'AecnnReluGrad';
/** Max-pool gradient over non-overlapping windows, first maximum wins: inputs { x, dy }, attrs { poolSize } (wasm). */
export const WINDOW_MAX_GRAD_KERNEL = 'AecnnWindowMaxPoolGrad';
/**
 * Depth-to-space with a crop: input x [b, m, m2, s1·s2·f] (channel block p·s2 + q is output pixel (i·s1 + p,
 * j·s2 + q)), attrs { blockShape: [s1, s2], outShape: [oh, ow] } with oh <= m·s1, ow <= m2·s2 → [b, oh, ow, f] (wasm).
 */
export const DEPTH_TO_SPACE_KERNEL = 'AecnnDepthToSpace';
/** The inverse (the gradient of DEPTH_TO_SPACE_KERNEL): input dy [b, oh, ow, f], attrs { blockShape, innerShape: [m, m2] }; cropped positions read 0. */
export const SPACE_TO_DEPTH_KERNEL = 'AecnnSpaceToDepth';
/**
 * The kernel gradient of a conv (dilation 1) from its input and dz = dL/d(conv output): inputs { x [b, h, w, inC],
 * dz [b, oh, ow, outC] } (outC a multiple of 16), attrs those of Conv2DBackpropFilter { strides, pad ('same',
 * 'valid' or explicit), filterShape } → filterShape [kh, kw, inC, outC]. Faster than XNNPACK's swapped-axes conv (Conv2DBackpropFilter)
 * for the convs of these models: ~0.2 against ~1.9 ms for a first conv, 1.4 against 2.1 ms for a 3x3 16 → 32 one.
 */
export const PATCH_KERNEL_GRAD_KERNEL = 'AecnnPatchKernelGrad';
/**
 * act(a · b + bias) on cpu: inputs { a [m, k] or [1, m, k], b [k, n] or [1, k, n], bias? [n] }, attrs { activation:
 * 'linear' | 'relu' | 'sigmoid' } (transposeA/transposeB must be false) → a's rank, [.., m, n]. The inputs and attrs
 * of tfjs's _FusedMatMul, so it can stand in for it.
 */
export const CPU_FUSED_MATMUL_KERNEL = 'AecnnCpuFusedMatMul';
/**
 * act(conv2d(x, filter) + bias) on cpu as patches times the filter: inputs { x [b, h, w, c], filter [kh, kw, c, f],
 * bias? [f] }, attrs { strides, pad, activation: 'linear' | 'relu' | 'sigmoid' } (dilation 1, NHWC): the inputs
 * and attrs of tfjs's FusedConv2D, so it can stand in for it.
 */
export const CPU_FUSED_CONV2D_KERNEL = 'AecnnCpuFusedConv2D';
