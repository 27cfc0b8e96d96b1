import { ACTIVATIONS, type ActivationName } from './activations';
import type { Padding } from './conv-shape';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import type { ParamDecls } from './layer-params';
import { toBool, toChoice, toPair } from './shape';
import type { NameOption } from './spec';
import { checkInt } from './validate';

// What dense, conv2d and conv2dTranspose share: their kernel options, declared and normalised once, and params.

/** Options of a layer with a kernel and a bias: dense, conv2d, conv2dTranspose. */
export interface KernelOptions extends NameOption {
  /** Activation applied to the output (default linear). */
  activation?: ActivationName;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
  /** Kernel initializer (default glorotUniform; heNormal suits relu stacks). Bias starts at zero. */
  kernelInitializer?: InitializerName;
}

/** Options of a 2-D convolution, plain or transposed. */
export interface ConvOptions extends KernelOptions {
  /** Output channels. */
  filters: number;
  /** Kernel size, e.g. 3 or [3, 3]. */
  kernelSize: number | [number, number];
  /** Strides (default 1); a transposed conv's upsampling factor. */
  strides?: number | [number, number];
  /** Padding (default 'valid', as Keras). */
  padding?: Padding;
}

/** The names of `KernelOptions` besides `name`, in config order. */
export const KERNEL_KEYS = ['activation', 'useBias', 'kernelInitializer'] as const;

/** The option names of a conv: filters, kernelSize, strides, padding, then `extra`, then the kernel options. */
export function convKeys(...extra: string[]): string[] {
  return ['filters', 'kernelSize', 'strides', 'padding', ...extra, ...KERNEL_KEYS];
}

/** Fills and checks activation, useBias and kernelInitializer, naming `kind` in errors. */
export function normaliseKernel(o: KernelOptions, kind: string) {
  return {
    activation: toChoice(o.activation ?? 'linear', ACTIVATIONS, 'activation', kind),
    useBias: toBool(o.useBias ?? true, 'useBias', kind),
    kernelInitializer: toChoice(
      o.kernelInitializer ?? 'glorotUniform',
      INITIALIZER_NAMES,
      'kernelInitializer',
      kind,
    ),
  };
}

/** Fills and checks a conv's options in config order (see `convKeys`), `extra` (checked by the caller) in between. */
export function normaliseConv<E extends object>(o: ConvOptions, kind: string, extra = {} as E) {
  return {
    filters: checkInt(kind, 'filters', o.filters),
    kernelSize: toPair(o.kernelSize, 'kernelSize', kind),
    strides: toPair(o.strides ?? 1, 'strides', kind),
    padding: toChoice(o.padding ?? 'valid', ['same', 'valid'], 'padding', kind),
    ...extra,
    ...normaliseKernel(o, kind),
  };
}

/** A `kernel` of `kernelShape` and, with `useBias`, a zero `bias` of `units`: the dense and conv parameters. */
export function kernelAndBias(
  kernelShape: readonly number[],
  init: InitializerName,
  useBias: boolean,
  units: number,
): ParamDecls {
  const kernel = { shape: kernelShape, init };
  return useBias ? { kernel, bias: { shape: [units], init: 'zeros' } } : { kernel };
}
