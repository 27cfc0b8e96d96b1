import * as tf from '@tensorflow/tfjs-core';

// The ops call the kernels @aecnn/backends adds (named in @aecnn/backends/kernel-names) where the active backend
// has them, and plain tfjs-core ops otherwise; importing the names registers nothing.

/** Whether the active backend has kernel `name` registered. */
export const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) != null;

const gradientsRegistered = new Set<string>();

/**
 * Registers `gradient.kernelName` for the active backend as an alias of the first of `sources` it has (aecnn's
 * faster kernel first, tfjs's own last) and, once, its gradient: a training op whose forward is the backend's and
 * whose gradient is ours. `where` names the layer in the error for a backend that has none of them.
 */
export function ensureTrainingKernel(
  gradient: tf.GradConfig,
  sources: readonly string[],
  where: string,
): void {
  const { kernelName } = gradient;
  const backendName = tf.getBackend();
  if (!tf.getKernel(kernelName, backendName)) {
    const source = sources.map((name) => tf.getKernel(name, backendName)).find((k) => k != null);
    if (!source) throw new Error(`${where}: the '${backendName}' backend has no ${sources.at(-1)} kernel`);
    tf.registerKernel({ kernelName, backendName, kernelFunc: source.kernelFunc });
  }
  if (gradientsRegistered.has(kernelName)) return;
  gradientsRegistered.add(kernelName);
  tf.registerGradient(gradient);
}
