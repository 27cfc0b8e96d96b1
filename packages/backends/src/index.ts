// Importing this package registers all tfjs-core gradients and the wasm kernels tfjs lacks.
import './gradients';
import { registerWasmKernels } from './wasm/register';

registerWasmKernels();

export { dilateFilter } from './conv2d-grad';
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
