import {
  getKernel,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** Runs kernels of one backend directly on its data, and frees every intermediate it made. */
export class KernelRunner {
  private readonly made: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs kernel `name` of this backend; its output is freed by `finish` unless it is the result. */
  run(name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object = {}): TensorInfo {
    const kernel = getKernel(name, this.backendName);
    if (kernel == null)
      throw new Error(`@aecnn/backends: kernel '${name}' is missing on '${this.backendName}'`);
    const out = kernel.kernelFunc({
      inputs: inputs as never,
      backend: this.backend,
      attrs: attrs as NamedAttrMap,
    }) as TensorInfo;
    this.made.push(out);
    return out;
  }

  /** Puts a float32 constant on the backend, freed with the other intermediates. */
  constant(values: Float32Array, shape: number[]): TensorInfo {
    const dataId = this.backend.write(values, shape, 'float32');
    const info: TensorInfo = { dataId, shape, dtype: 'float32' };
    this.made.push(info);
    return info;
  }

  /** Frees every intermediate except `result`, which is returned to the engine. */
  finish(result: TensorInfo): TensorInfo {
    for (const t of this.made) if (t.dataId !== result.dataId) this.backend.disposeData(t.dataId);
    return result;
  }
}

/** A kernel body written with a KernelRunner. */
// biome-ignore lint/suspicious/noExplicitAny: each composite declares its own inputs and attrs types.
export type Composite = (k: KernelRunner, inputs: any, attrs: any) => TensorInfo;

/** Wraps a kernel composed of other kernels of the same backend so that its intermediates are freed. */
export function composite(backendName: string, body: Composite): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const k = new KernelRunner(backend as KernelBackend, backendName);
    return k.finish(body(k, inputs, attrs));
  };
}
