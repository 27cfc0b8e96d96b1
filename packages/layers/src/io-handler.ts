import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** Where to save or load: a tf.io handler, or a URL a registered router understands (`indexeddb://name`, ...). */
export type IOTarget = io.IOHandler | string;

/** How a target is named in messages: the URL, the handler's description, or 'the tf.io handler'. */
export function describeTarget(target: IOTarget): string {
  if (typeof target === 'string') return target;
  return (target as { description?: string } | null)?.description ?? 'the tf.io handler';
}

const HINT =
  "pass a handler (in Node: fileHandler(dir) from '@aecnn/layers/node'), or a tf.io URL such as " +
  'indexeddb://name, localstorage://name or downloads://name in a browser, or file://dir after registerFileScheme()';

/**
 * The one resolution of a save/load target (saveModule, loadModule, the Keras exporter and importer use it): a
 * handler with `use()` itself, or the first handler tf.io's routers give for a URL; a clear error otherwise.
 * `where` starts every message; `noun` is what the caller calls the handler in it (default `save handler`, ...).
 */
export function resolveHandler<U extends 'save' | 'load'>(
  target: IOTarget,
  use: U,
  where: string,
  noun = `${use} handler`,
): io.IOHandler & Required<Pick<io.IOHandler, U>> {
  if (typeof target === 'string') {
    const [found] = use === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
    if (!found) throw new Error(`${where}: no tf.io ${noun} for '${target}'; ${HINT}`);
    return found as io.IOHandler & Required<Pick<io.IOHandler, U>>;
  }
  if (typeof target?.[use] !== 'function') {
    throw new Error(
      `${where}: ${describeTarget(target)} cannot ${use} (no ${use} method); expected a tf.io handler with ${use}(), or a URL`,
    );
  }
  return target as io.IOHandler & Required<Pick<io.IOHandler, U>>;
}
