import type { DataId, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Identity on wasm: the output shares the input's data (one more reference), as on the cpu backend and as wasm's
 * own Reshape does. Tensors are never written in place, so sharing is safe.
 * Why: tfjs-backend-wasm 4.22 copies the data, and the engine clones (Identity) every tensor it saves for the
 * backward pass: ~50 copies a training step of the conv autoencoder, ~1.5 ms of its ~30.
 */
export const sharedIdentity: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  (backend as unknown as { incRef(dataId: DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
};
