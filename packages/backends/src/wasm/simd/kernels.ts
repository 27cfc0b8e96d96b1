import {
  backend_util,
  type DataId,
  engine,
  getKernel,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { SIMD_KERNELS_WASM } from '../../../generated/simd-kernels.js';
import {
  ADAM_KERNEL,
  DEPTH_TO_SPACE_KERNEL,
  PATCH_KERNEL_GRAD_KERNEL,
  RELU_GRAD_KERNEL,
  SPACE_TO_DEPTH_KERNEL,
  WINDOW_MAX_GRAD_KERNEL,
} from '../../kernel-names';

/** The exports of kernels.wat. */
interface SimdExports {
  adam(...args: number[]): void;
  relu_grad(dy: number, y: number, out: number, n: number): void;
  window_max_grad(...args: number[]): void;
  depth_to_space(...args: number[]): void;
  patch_kernel_grad(...args: number[]): void;
  pad_spatial(...args: number[]): void;
}

/** What the kernels use of tfjs-backend-wasm's BackendWasm. */
interface WasmBackendLike {
  wasm: { asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

const instances = new WeakMap<object, SimdExports>();

function exportsOf(backend: WasmBackendLike): SimdExports {
  const k = instances.get(backend.wasm.asm?.memory as object);
  if (!k) throw new Error('@aecnn/backends: the SIMD kernels were not instantiated for this wasm backend');
  return k;
}

function offset(backend: WasmBackendLike, t: TensorInfo, what: string): number {
  if (t.dtype !== 'float32') throw new Error(`@aecnn/backends: ${what} must be float32, got ${t.dtype}`);
  const d = backend.dataIdMap.get(t.dataId);
  if (!d) throw new Error(`@aecnn/backends: ${what} has no data on the wasm backend`);
  return d.memoryOffset;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function sameShape(a: TensorInfo, b: TensorInfo, kernel: string, names: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${kernel}: ${names} must have the same shape, got [${a.shape}] and [${b.shape}]`);
  }
}

const adam: KernelFunc = ({ inputs, attrs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const { param, grad, m, v } = inputs as Record<string, TensorInfo>;
  for (const [t, name] of [
    [grad, 'grad'],
    [m, 'm'],
    [v, 'v'],
  ] as const) {
    sameShape(param!, t!, ADAM_KERNEL, `param and ${name}`);
  }
  const a = attrs as Record<string, number>;
  const out = [0, 1, 2].map(() => b.makeOutput(param!.shape.slice(), 'float32'));
  exportsOf(b).adam(
    offset(b, param!, 'param'),
    offset(b, grad!, 'grad'),
    offset(b, m!, 'm'),
    offset(b, v!, 'v'),
    ...out.map((o) => offset(b, o, 'output')),
    size(param!.shape),
    a.beta1!,
    a.oneMinusBeta1!,
    a.beta2!,
    a.oneMinusBeta2!,
    a.oneMinusAccBeta1!,
    a.oneMinusAccBeta2!,
    a.epsilon!,
    a.negLearningRate!,
  );
  return out;
};

const reluGrad: KernelFunc = ({ inputs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const { dy, y } = inputs as Record<string, TensorInfo>;
  sameShape(dy!, y!, RELU_GRAD_KERNEL, 'dy and y');
  const out = b.makeOutput(dy!.shape.slice(), 'float32');
  exportsOf(b).relu_grad(offset(b, dy!, 'dy'), offset(b, y!, 'y'), offset(b, out, 'output'), size(dy!.shape));
  return out;
};

const windowMaxGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const { x, dy } = inputs as Record<string, TensorInfo>;
  const [ph, pw] = (attrs as { poolSize: [number, number] }).poolSize;
  const [n, h, w, c] = x!.shape as [number, number, number, number];
  const oh = Math.floor(h / ph);
  const ow = Math.floor(w / pw);
  const expected = [n, oh, ow, c];
  if (x!.shape.length !== 4 || c % 4 !== 0 || dy!.shape.some((d, i) => d !== expected[i])) {
    throw new Error(
      `${WINDOW_MAX_GRAD_KERNEL}: expected x [b, h, w, c] with c a multiple of 4 and dy [${expected}], got x [${x!.shape}] and dy [${dy!.shape}]`,
    );
  }
  const out = b.makeOutput(x!.shape.slice(), 'float32');
  exportsOf(b).window_max_grad(
    offset(b, x!, 'x'),
    offset(b, dy!, 'dy'),
    offset(b, out, 'output'),
    n,
    h,
    w,
    c,
    ph,
    pw,
  );
  return out;
};

/** Checks the inner [b, m, m2, s1·s2·f] / outer [b, oh, ow, f] pair of a depth-to-space and returns its sizes. */
function blocks(
  kernel: string,
  inner: readonly number[],
  outer: readonly number[],
  [s1, s2]: readonly [number, number],
): number[] {
  const [b, m, m2, c] = inner as [number, number, number, number];
  const [ob, oh, ow, f] = outer as [number, number, number, number];
  const ok =
    inner.length === 4 &&
    outer.length === 4 &&
    ob === b &&
    Number.isInteger(f) &&
    f >= 1 &&
    c === s1 * s2 * f &&
    oh <= m * s1 &&
    ow <= m2 * s2 &&
    oh > (m - 1) * s1 &&
    ow > (m2 - 1) * s2;
  if (!ok) {
    throw new Error(
      `${kernel}: expected inner [b, m, m2, ${s1}·${s2}·f] and outer [b, oh, ow, f] with oh in (${s1}(m-1), ${s1}m] and ow in (${s2}(m2-1), ${s2}m2], got [${inner}] and [${outer}]`,
    );
  }
  return [b, m, m2, s1, s2, f, oh, ow];
}

const depthToSpace: KernelFunc = ({ inputs, attrs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const x = inputs.x as TensorInfo;
  const { blockShape, outShape } = attrs as { blockShape: [number, number]; outShape: [number, number] };
  const shape = [x.shape[0]!, outShape[0], outShape[1], x.shape[3]! / (blockShape[0] * blockShape[1])];
  const sizes = blocks(DEPTH_TO_SPACE_KERNEL, x.shape, shape, blockShape);
  const out = b.makeOutput(shape, 'float32');
  exportsOf(b).depth_to_space(offset(b, x, 'x'), offset(b, out, 'output'), 1, ...sizes);
  return out;
};

const spaceToDepth: KernelFunc = ({ inputs, attrs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const dy = inputs.dy as TensorInfo;
  const { blockShape, innerShape } = attrs as { blockShape: [number, number]; innerShape: [number, number] };
  const [n, , , f] = dy.shape as [number, number, number, number];
  const shape = [n, innerShape[0], innerShape[1], blockShape[0] * blockShape[1] * f];
  const sizes = blocks(SPACE_TO_DEPTH_KERNEL, shape, dy.shape, blockShape);
  const out = b.makeOutput(shape, 'float32');
  exportsOf(b).depth_to_space(offset(b, out, 'output'), offset(b, dy, 'dy'), 0, ...sizes);
  return out;
};

const patchKernelGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const b = backend as unknown as WasmBackendLike;
  const { x, dz } = inputs as Record<string, TensorInfo>;
  const { strides, pad, filterShape } = attrs as unknown as {
    strides: [number, number];
    pad: 'same' | 'valid' | backend_util.ExplicitPadding;
    filterShape: [number, number, number, number];
  };
  const [kh, kw, inC, outC] = filterShape;
  const [sh, sw] = strides;
  const [n, h, w] = x!.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    x!.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
  );
  const { top, bottom, left, right } = info.padInfo;
  const [oh, ow] = [info.outHeight, info.outWidth];
  const expected = [n, oh, ow, outC];
  const fits =
    x!.shape.length === 4 &&
    x!.shape[3] === inC &&
    outC % 16 === 0 &&
    dz!.shape.length === 4 &&
    dz!.shape.every((d, i) => d === expected[i]);
  if (!fits) {
    throw new Error(
      `${PATCH_KERNEL_GRAD_KERNEL}: expected dz [${expected}] (a ${kh}x${kw} window at strides ${sh}x${sw} inside x padded by [${[top, bottom, left, right]}] (top, bottom, left, right)) with f a multiple of 16 and filterShape [${filterShape}], got x [${x!.shape}] and dz [${dz!.shape}]`,
    );
  }
  // the kernel reads a zero-padded copy of x (valid geometry over it); its bottom/right rows past the last window
  // are never read
  const hp = h + top + bottom;
  const wp = w + left + right;
  const k = exportsOf(b);
  const padded = hp !== h || wp !== w ? b.makeOutput([n, hp, wp, inC], 'float32') : undefined;
  const xp = padded ? offset(b, padded, 'padded x') : offset(b, x!, 'x');
  if (padded) k.pad_spatial(offset(b, x!, 'x'), xp, n, h, w, inC, top, bottom, left, right);
  const out = b.makeOutput([kh, kw, inC, outC], 'float32');
  k.patch_kernel_grad(
    xp,
    offset(b, dz!, 'dz'),
    offset(b, out, 'output'),
    n,
    hp,
    wp,
    inC,
    oh,
    ow,
    outC,
    kh,
    kw,
    sh,
    sw,
  );
  if (padded) b.disposeData(padded.dataId, true);
  return out;
};

const KERNELS: ReadonlyArray<[string, KernelFunc]> = [
  [ADAM_KERNEL, adam],
  [RELU_GRAD_KERNEL, reluGrad],
  [WINDOW_MAX_GRAD_KERNEL, windowMaxGrad],
  [DEPTH_TO_SPACE_KERNEL, depthToSpace],
  [SPACE_TO_DEPTH_KERNEL, spaceToDepth],
  [PATCH_KERNEL_GRAD_KERNEL, patchKernelGrad],
];

/**
 * Instantiates aecnn's SIMD kernels on the active wasm backend's memory and registers them for 'wasm'. Returns
 * their names, or none when this wasm backend cannot host them (no SIMD, or threaded wasm's shared memory): the
 * layers and the trainer then use plain tfjs ops.
 */
export async function installSimdKernels(): Promise<readonly string[]> {
  const backend = engine().findBackend('wasm') as unknown as WasmBackendLike | null;
  const memory = backend?.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return [];
  if (!instances.has(memory)) {
    try {
      const module = await WebAssembly.compile(SIMD_KERNELS_WASM as Uint8Array<ArrayBuffer>);
      const instance = await WebAssembly.instantiate(module, { env: { memory } });
      instances.set(memory, instance.exports as unknown as SimdExports);
    } catch {
      // NOTE: a browser without wasm SIMD fails to compile; threaded wasm's memory is shared, which this
      // module's import does not accept. Either way the plain ops stay in use.
      for (const [kernelName] of KERNELS)
        if (getKernel(kernelName, 'wasm')) unregisterKernel(kernelName, 'wasm');
      return [];
    }
  }
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (!getKernel(kernelName, 'wasm')) registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return simdKernels();
}

/** Names of the SIMD kernels registered for 'wasm' (none before installSimdKernels succeeds). */
export function simdKernels(): readonly string[] {
  return KERNELS.map(([name]) => name).filter((name) => getKernel(name, 'wasm') != null);
}
