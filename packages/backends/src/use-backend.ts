import { engine, env, getBackend, ready, setBackend } from '@tensorflow/tfjs-core';
import { addedCpuKernels, registerCpuKernels } from './cpu-kernels';
import { addedWasmKernels, registerWasmKernels } from './wasm/register';
import { installSimdKernels, simdKernels } from './wasm/simd/kernels';

/** The compute backends aecnn can run on. */
export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

/** What is known about the active backend. */
export interface BackendInfo {
  /** The active backend's name; 'none' before any backend is registered. */
  name: string;
  /** Whether wasm SIMD is on (wasm only; false elsewhere). */
  simd: boolean;
  /** Whether wasm threads are on (wasm only; false elsewhere). */
  threads: boolean;
  /** Kernels that aecnn registered on this backend because tfjs lacks them or computes them wrongly. */
  addedKernels: readonly string[];
}

/** Options of useBackend. */
export interface UseBackendOptions {
  /** wasm only: number of threads when the environment supports threaded wasm. */
  threads?: number;
  /**
   * wasm only: URL prefix (ending in '/') where the page serves the tfjs-backend-wasm .wasm binaries, e.g. '/wasm/'.
   * Needed in a bundled browser app, where the binaries are not next to the script; unused in Node.
   */
  wasmPaths?: string;
}

const PACKAGES: Readonly<Record<BackendName, string>> = Object.freeze({
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  cpu: '@tensorflow/tfjs-backend-cpu',
});

// NOTE: literal specifiers, so that bundlers see and split them; webgl/webgpu are optional peers.
const LOADERS: Readonly<Record<BackendName, () => Promise<unknown>>> = Object.freeze({
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
});

const NAMES = Object.keys(PACKAGES) as BackendName[];
const isNode = typeof process !== 'undefined' && process.versions?.node != null;

/** Throws unless `name` is one of the backends aecnn knows. */
export function checkBackendName(name: unknown): asserts name is BackendName {
  if (typeof name !== 'string' || !(NAMES as string[]).includes(name)) {
    throw new Error(
      `useBackend: unknown backend ${JSON.stringify(name)}; expected one of ${NAMES.join(', ')}`,
    );
  }
}

function unavailable(name: BackendName, why: string): Error {
  const instead = isNode ? 'wasm or cpu' : 'wasm, webgl or cpu';
  return new Error(`useBackend('${name}'): ${why}. Use ${instead} instead.`);
}

async function load(name: BackendName): Promise<void> {
  if (engine().registryFactory[name] != null) return;
  if (isNode && (name === 'webgl' || name === 'webgpu')) {
    throw unavailable(name, `${name} needs a browser with a GPU context and cannot run in Node`);
  }
  try {
    await LOADERS[name]();
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/Cannot find (module|package)|Failed to resolve|Failed to fetch/i.test(msg)) {
      throw new Error(
        `useBackend('${name}'): ${PACKAGES[name]} is not installed; run: npm install ${PACKAGES[name]}`,
      );
    }
    throw err;
  }
}

/**
 * Loads, registers and activates a backend, waits until it is ready, and returns its info.
 * In Node, wasm finds the .wasm binaries of the installed @tensorflow/tfjs-backend-wasm by itself.
 */
export async function useBackend(name: BackendName, options: UseBackendOptions = {}): Promise<BackendInfo> {
  checkBackendName(name);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new Error(`useBackend: options.threads must be an integer >= 1, got ${options.threads}`);
  }
  const { wasmPaths } = options;
  if (wasmPaths !== undefined && !(typeof wasmPaths === 'string' && wasmPaths.endsWith('/'))) {
    throw new Error(
      `useBackend: options.wasmPaths must be a URL prefix ending in '/', e.g. '/wasm/', got ${JSON.stringify(wasmPaths)}`,
    );
  }
  await load(name);
  // Importing a backend package registers its kernels over ours; put the fixes back on top.
  if (name === 'wasm') registerWasmKernels();
  if (name === 'cpu') registerCpuKernels();
  if (name === 'wasm' && (options.threads !== undefined || wasmPaths !== undefined)) {
    const wasm = (await LOADERS.wasm()) as {
      setThreadsCount?: (n: number) => void;
      setWasmPaths?: (prefix: string) => void;
    };
    if (options.threads !== undefined) wasm.setThreadsCount?.(options.threads);
    // NOTE: read when the wasm backend first initialises; a later call changes nothing (and does not throw).
    if (wasmPaths !== undefined) wasm.setWasmPaths?.(wasmPaths);
  }
  const ok = await setBackend(name);
  if (!ok) throw unavailable(name, 'the backend failed to initialise in this environment');
  await ready();
  if (name === 'wasm') await installSimdKernels();
  if (name === 'cpu') quietCpuBanner();
  return backendInfo();
}

/**
 * tfjs's cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js ... install tfjs-node" on its
 * first tensor. That advice does not apply here (tfjs-node is what this project replaces), so the one-time banner is
 * marked as already shown.
 */
function quietCpuBanner(): void {
  // NOTE: `firstUse` is the cpu backend's own flag for the banner (tfjs-backend-cpu 4.x); nothing else reads it.
  const cpu = engine().findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && cpu.firstUse === true) cpu.firstUse = false;
}

/** Activates the fastest backend this environment offers: webgpu > webgl > wasm > cpu in a browser, wasm > cpu in Node. */
export async function bestBackend(): Promise<BackendInfo> {
  const order: BackendName[] = isNode ? ['wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      return await useBackend(name);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new Error(`bestBackend: no backend could start:\n  ${failures.join('\n  ')}`);
}

/** Describes the active backend: name, wasm SIMD and threads, and the kernels aecnn added to it. */
export function backendInfo(): BackendInfo {
  const name = getBackend() ?? 'none';
  const isWasm = name === 'wasm';
  const flag = (f: string) => isWasm && env().getBool(f);
  return {
    name,
    simd: flag('WASM_HAS_SIMD_SUPPORT'),
    threads: flag('WASM_HAS_MULTITHREAD_SUPPORT'),
    addedKernels: isWasm
      ? [...addedWasmKernels(), ...simdKernels()]
      : name === 'cpu'
        ? addedCpuKernels()
        : [],
  };
}
