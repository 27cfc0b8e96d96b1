import { getKernel, type KernelConfig, type KernelFunc, registerKernel } from '@tensorflow/tfjs-core';

const ours = new WeakSet<KernelFunc>();

/** Registers `config` over whatever is there, silently, keeping the replaced kernel's setup/dispose hooks. */
function overwrite(config: KernelConfig): void {
  const previous = getKernel(config.kernelName, config.backendName);
  // NOTE: tfjs warns on every re-registration; replacing a kernel is the point here, so the warning is noise.
  const warn = console.warn;
  console.warn = () => {};
  try {
    registerKernel({
      ...config,
      setupFunc: config.setupFunc ?? previous?.setupFunc,
      disposeFunc: config.disposeFunc ?? previous?.disposeFunc,
    });
  } finally {
    console.warn = warn;
  }
  ours.add(config.kernelFunc);
}

/** Whether the kernel registered under this name and backend is one that aecnn put there. */
export function isOurs(kernelName: string, backendName: string): boolean {
  const k = getKernel(kernelName, backendName);
  return k != null && ours.has(k.kernelFunc);
}

/**
 * Replaces a kernel with `make(original)`, where `original` is the kernel that was registered (undefined if
 * none). Does nothing when ours is already in place. Returns whether it registered something.
 */
export function patchKernel(
  kernelName: string,
  backendName: string,
  make: (original: KernelFunc | undefined) => KernelFunc,
): boolean {
  if (isOurs(kernelName, backendName)) return false;
  const original = getKernel(kernelName, backendName)?.kernelFunc;
  overwrite({ kernelName, backendName, kernelFunc: make(original) });
  return true;
}
