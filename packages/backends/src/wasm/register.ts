import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasm, depthwiseBackpropFilterWasm } from './conv2d-backprop-filter';
import { depthwiseBackpropInputWasm } from './depthwise-backprop-input';
import { patchWasmMatMul } from './matmul';
import { KernelRunner } from './run-kernel';

type Composite<A> = (k: KernelRunner, inputs: never, attrs: A) => TensorInfo;

/** Wraps a kernel composed of other kernels so that its intermediates are freed. */
function composite<A>(backendName: string, body: Composite<A>): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const k = new KernelRunner(backend as KernelBackend, backendName);
    return k.finish(body(k, inputs as never, attrs as unknown as A));
  };
}

const WASM_KERNELS: ReadonlyArray<[string, Composite<never>]> = [
  [
    Conv2DBackpropFilter,
    conv2dBackpropFilterWasm as Composite<Conv2DBackpropFilterAttrs> as Composite<never>,
  ],
  [
    DepthwiseConv2dNativeBackpropFilter,
    depthwiseBackpropFilterWasm as Composite<DepthwiseConv2dNativeBackpropFilterAttrs> as Composite<never>,
  ],
  [
    DepthwiseConv2dNativeBackpropInput,
    depthwiseBackpropInputWasm as Composite<DepthwiseConv2dNativeBackpropInputAttrs> as Composite<never>,
  ],
];

const added: string[] = [];

/**
 * Registers, for the wasm backend, the gradient kernels that tfjs-backend-wasm lacks, and replaces the
 * matmul kernels that are slow with transposed operands. Idempotent; a missing kernel that the installed
 * wasm backend already has is left alone. useBackend('wasm') calls it again once wasm's kernels exist.
 */
export function registerWasmKernels(): readonly string[] {
  for (const [name, body] of WASM_KERNELS) {
    if (getKernel(name, 'wasm') != null) continue;
    const config: KernelConfig = {
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: composite('wasm', body),
    };
    registerKernel(config);
    added.push(name);
  }
  for (const name of patchWasmMatMul()) added.push(name);
  return added;
}

/** Names of the wasm kernels that aecnn registered. */
export function addedWasmKernels(): readonly string[] {
  return [...added];
}
