import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { defineModule, defineMultiModule } from './define-module';
import { makeParams, type ParamDecls } from './layer-params';
import type { ForwardContext, ModuleConfig, Shape } from './module';
import { checkKeys } from './shape';
import {
  type BuildContext,
  checkName,
  type LayerSpec,
  layer,
  type MultiInputSpec,
  multiInputLayer,
  type NameOption,
} from './spec';

/** A layer's options after its `check`: every option filled in (`name` stays optional), the `Pairs` as pairs. */
export type Normalised<O, Pairs extends keyof O = never> = {
  -readonly [K in Exclude<keyof O, 'name'>]-?: K extends Pairs ? [number, number] : Exclude<O[K], undefined>;
} & NameOption;

/** What a one-input forward pass gets besides params, input and options: the call's context and the shapes. */
export interface LayerContext extends ForwardContext {
  /** The input shape the module was built for (no batch). */
  readonly inputShape: Shape;
  /** The module's output shape (no batch). */
  readonly outputShape: Shape;
}

/** What a forward pass of several inputs gets besides params, inputs and options: the context and the shapes. */
export interface MultiLayerContext extends ForwardContext {
  /** The input shapes the module was built for (no batch). */
  readonly inputShapes: readonly Shape[];
  /** The module's output shape (no batch). */
  readonly outputShape: Shape;
}

/** How many inputs a layer of several inputs takes: exactly `n`, or `min` to `max` (no upper bound without). */
export type Arity = number | { readonly min: number; readonly max?: number };

interface CommonDef<O extends object, C extends object> {
  /** The layer's kind: its config's `kind`, and its key in `loadModule(..., { kinds: { [kind]: factory } })`. */
  readonly kind: string;
  /** The option names it accepts besides `name`; any other key is an error. */
  readonly options?: readonly string[];
  /** Fills defaults and checks the options (throw naming the bad one), once per layer; default: as given. */
  readonly check?: (options: O) => C;
}

/** A layer of one input: options, parameters, output shape and a pure forward in one object. */
export interface LayerDef<O extends object, C extends object = O> extends CommonDef<O, C> {
  /** The parameters for an input shape (no batch), by local name. */
  readonly params?: (inputShape: Shape, options: C) => ParamDecls;
  /** Output shape (no batch) for an input shape; throw naming what does not fit (`path` names the layer). */
  readonly outputShape: (inputShape: Shape, options: C, path: string) => Shape;
  /** The forward pass: pure, runs inside tidy with the input already checked. */
  readonly forward: (
    params: Readonly<Record<string, Variable>>,
    x: Tensor,
    options: C,
    ctx: LayerContext,
  ) => Tensor;
}

/** A layer of several inputs (see `Arity`; at least 2). */
export interface MultiInputLayerDef<O extends object, C extends object = O> extends CommonDef<O, C> {
  /** How many inputs it takes. */
  readonly inputs: Arity;
  /** The parameters for the input shapes, by local name. */
  readonly params?: (inputShapes: readonly Shape[], options: C) => ParamDecls;
  /** Output shape for the input shapes; throw naming what does not fit (`path` names the layer). */
  readonly outputShape: (inputShapes: readonly Shape[], options: C, path: string) => Shape;
  /** The forward pass on one batch per input. */
  readonly forward: (
    params: Readonly<Record<string, Variable>>,
    xs: readonly Tensor[],
    options: C,
    ctx: MultiLayerContext,
  ) => Tensor;
}

/** What a layer is once its options are checked: the spec's options, the module's config, the name for messages. */
interface Checked<C> {
  readonly checked: C;
  readonly options: C & NameOption;
  readonly config: ModuleConfig;
  readonly path: string;
}

/** A module's parts but its inputs and forward: the output shape (first: a bad shape creates no Variables), params. */
function prepare<S, C>(
  d: {
    readonly kind: string;
    readonly params?: (shapes: S, options: C) => ParamDecls;
    readonly outputShape: (shapes: S, options: C, path: string) => Shape;
  },
  c: Checked<C>,
  shapes: S,
  ctx: BuildContext,
) {
  const outputShape = d.outputShape(shapes, c.checked, ctx.path);
  const params = makeParams(d.kind, d.params?.(shapes, c.checked) ?? {}, ctx);
  return { kind: d.kind, config: c.config, path: ctx.path, outputShape, params };
}

function oneInput<O extends object, C extends object>(d: LayerDef<O, C>, c: Checked<C>) {
  const { kind } = d;
  return layer<C & NameOption>({
    kind,
    options: c.options,
    outputShape: (s) => d.outputShape(s, c.checked, c.path),
    build: (inputShape, ctx) => {
      const parts = prepare(d, c, inputShape, ctx);
      const shapes = { inputShape, outputShape: parts.outputShape };
      const forward = (x: Tensor, f: ForwardContext) =>
        d.forward(parts.params, x, c.checked, { ...f, ...shapes });
      return defineModule({ ...parts, inputShape, forward });
    },
  });
}

function arityOf(kind: string, inputs: Arity): { min: number; max?: number } {
  const range = typeof inputs === 'number' ? { min: inputs, max: inputs } : inputs;
  const ok =
    range != null &&
    Number.isInteger(range.min) &&
    range.min >= 2 &&
    (range.max === undefined || (Number.isInteger(range.max) && range.max >= range.min));
  if (!ok) {
    throw new Error(
      `defineLayer (${kind}): inputs must be an integer >= 2 or { min, max } with 2 <= min <= max, got ${JSON.stringify(inputs)}`,
    );
  }
  return range;
}

function manyInputs<O extends object, C extends object>(d: MultiInputLayerDef<O, C>, c: Checked<C>) {
  const { kind } = d;
  return multiInputLayer<C & NameOption>({
    kind,
    options: c.options,
    arity: arityOf(kind, d.inputs),
    outputShape: (shapes) => d.outputShape(shapes, c.checked, c.path),
    build: (inputShapes, ctx) => {
      const parts = prepare(d, c, inputShapes, ctx);
      const shapes = { inputShapes, outputShape: parts.outputShape };
      const forward = (xs: readonly Tensor[], f: ForwardContext) =>
        d.forward(parts.params, xs, c.checked, { ...f, ...shapes });
      return defineMultiModule({ ...parts, inputShapes, forward });
    },
  });
}

/**
 * Defines a layer from one small object (every built-in layer is one); the factory it returns checks the options
 * once and makes specs that build, run in graphs and sequentials, save, and load when given to
 * `loadModule(..., { kinds: { [kind]: factory } })`.
 * @example
 * const scale = defineLayer<{ init?: number }>({ kind: 'scale', params: (s) => ({ gamma: { shape: [s.at(-1)!], init: 'ones' } }),
 *   outputShape: (s) => s, forward: ({ gamma }, x) => tf.mul(x, gamma!) });
 */
export function defineLayer<O extends object, C extends object = O>(
  def: MultiInputLayerDef<O, C>,
): (options?: O & NameOption) => MultiInputSpec<C & NameOption>;
export function defineLayer<O extends object, C extends object = O>(
  def: LayerDef<O, C>,
): (options?: O & NameOption) => LayerSpec<C & NameOption>;
export function defineLayer<O extends object, C extends object = O>(
  def: LayerDef<O, C> | MultiInputLayerDef<O, C>,
): (options?: O & NameOption) => LayerSpec<C & NameOption> | MultiInputSpec<C & NameOption> {
  const { kind } = def;
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(kind)) {
    throw new Error(`defineLayer: kind must be an identifier like 'scale', got ${JSON.stringify(kind)}`);
  }
  if (typeof def.outputShape !== 'function' || typeof def.forward !== 'function') {
    throw new Error(`defineLayer (${kind}): needs outputShape and forward functions`);
  }
  const many = 'inputs' in def;
  if (many) arityOf(kind, def.inputs);
  return (given = {} as O & NameOption) => {
    checkKeys(given, [...(def.options ?? []), 'name'], kind);
    const name = checkName(given.name, kind);
    const { name: _n, ...rest } = given;
    // The one place a layer's options are checked: the spec, its builds and its shapes reuse the result.
    const checked = (def.check ? def.check(rest as O) : rest) as C;
    const options = { ...checked, ...(name ? { name } : {}) } as C & NameOption;
    const c = { checked, options, config: { kind, ...options } as ModuleConfig, path: name ?? '' };
    return many ? manyInputs(def as MultiInputLayerDef<O, C>, c) : oneInput(def as LayerDef<O, C>, c);
  };
}
