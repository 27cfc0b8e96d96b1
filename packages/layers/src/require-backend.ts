import * as tf from '@tensorflow/tfjs-core';

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
