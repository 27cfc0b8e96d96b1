// Importing this package registers all tfjs-core gradients and the wasm kernels tfjs lacks.
import './gradients';
import { registerCpuKernels } from './cpu-kernels';
import { registerWasmKernels } from './wasm/register';

// For backends imported before us; useBackend re-applies both after it loads a backend.
registerWasmKernels();
registerCpuKernels();

export { dilateFilter } from './conv2d-grad';
export { gemm } from './cpu-gemm';
export { addedCpuKernels, registerCpuKernels } from './cpu-kernels';
export {
  ADAM_KERNEL,
  CPU_FUSED_CONV2D_KERNEL,
  CPU_FUSED_MATMUL_KERNEL,
  DEPTH_TO_SPACE_KERNEL,
  PATCH_KERNEL_GRAD_KERNEL,
  RELU_GRAD_KERNEL,
  SPACE_TO_DEPTH_KERNEL,
  WINDOW_MAX_GRAD_KERNEL,
} from './kernel-names';
export {
  type BackendInfo,
  type BackendName,
  backendInfo,
  bestBackend,
  checkBackendName,
  type UseBackendOptions,
  useBackend,
} from './use-backend';
export { addedWasmKernels, registerWasmKernels } from './wasm/register';
export { installSimdKernels, simdKernels } from './wasm/simd/kernels';
