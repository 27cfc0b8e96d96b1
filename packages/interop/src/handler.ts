import { io } from '@tensorflow/tfjs-core';

/** A tf.io handler itself, or the handler tf.io's routers give for a URL; a clear error otherwise. */
export function resolveHandler(target: io.IOHandler | string, use: 'save' | 'load'): io.IOHandler {
  const fn = use === 'save' ? 'exportLayersModel' : 'importLayersModel';
  if (typeof target === 'string') {
    const found = use === 'save' ? io.getSaveHandlers(target) : io.getLoadHandlers(target);
    if (found.length === 0) {
      throw new Error(
        `${fn}: no tf.io handler for '${target}'; pass a handler (in Node: fileHandler(dir) from ` +
          `'@aecnn/layers/node'), or a URL such as indexeddb://name, or file://dir after registerFileScheme()`,
      );
    }
    return found[0]!;
  }
  if (typeof target?.[use] !== 'function')
    throw new Error(`${fn}: expected a tf.io handler with ${use}(), or a URL`);
  return target;
}
