import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { defineModule, defineMultiModule } from './define-module';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import type { ForwardContext, ModuleConfig, Shape } from './module';
import { createParam } from './param';
import { checkKeys, toChoice } from './shape';
import {
  type BuildContext,
  checkName,
  type LayerSpec,
  layer,
  type MultiInputSpec,
  multiInputLayer,
  type NameOption,
} from './spec';

/** A parameter of a custom layer: its shape and initializer (default glorotUniform). */
export interface ParamDecl {
  readonly shape: readonly number[];
  readonly init?: InitializerName;
}

interface CommonDef<O extends object> {
  /** The layer's kind: its config's `kind`, and its key in `loadModule(..., { kinds: { [kind]: factory } })`. */
  readonly kind: string;
  /** The option names it accepts besides `name`; any other key is an error. */
  readonly options?: readonly string[];
  /** Fills defaults and checks the options (throw naming the bad one); default: the options as given. */
  readonly check?: (options: O) => O;
}

/** A custom layer of one input: options, parameters, output shape and a pure forward in one object. */
export interface LayerDef<O extends object> extends CommonDef<O> {
  /** The parameters for an input shape (no batch), by local name. */
  readonly params?: (inputShape: Shape, options: O) => Readonly<Record<string, ParamDecl>>;
  /** Output shape (no batch) for an input shape; throw naming what does not fit. */
  readonly outputShape: (inputShape: Shape, options: O) => Shape;
  /** The forward pass: pure, runs inside tidy with the input already checked. */
  readonly forward: (
    params: Readonly<Record<string, Variable>>,
    x: Tensor,
    options: O,
    ctx: ForwardContext,
  ) => Tensor;
}

/** A custom layer of several inputs (`inputs` of them, at least 2). */
export interface MultiInputLayerDef<O extends object> extends CommonDef<O> {
  /** How many inputs it takes. */
  readonly inputs: number;
  /** The parameters for the input shapes, by local name. */
  readonly params?: (inputShapes: readonly Shape[], options: O) => Readonly<Record<string, ParamDecl>>;
  /** Output shape for the input shapes; throw naming what does not fit. */
  readonly outputShape: (inputShapes: readonly Shape[], options: O) => Shape;
  /** The forward pass on one batch per input. */
  readonly forward: (
    params: Readonly<Record<string, Variable>>,
    xs: readonly Tensor[],
    options: O,
    ctx: ForwardContext,
  ) => Tensor;
}

function makeParams(
  kind: string,
  decls: Readonly<Record<string, ParamDecl>>,
  ctx: BuildContext,
): Record<string, Variable> {
  return Object.fromEntries(
    Object.entries(decls).map(([n, d]) => [
      n,
      createParam(
        ctx,
        n,
        d.shape,
        toChoice(d.init ?? 'glorotUniform', INITIALIZER_NAMES, `params.${n}.init`, kind),
      ),
    ]),
  );
}

/**
 * Defines a custom layer from one small object; the factory it returns makes specs that build, run in graphs and
 * sequentials, save, and load when given to `loadModule(..., { kinds: { [kind]: factory } })`.
 * @example
 * const scale = defineLayer<{ init?: number }>({ kind: 'scale', params: (s) => ({ gamma: { shape: [s.at(-1)!], init: 'ones' } }),
 *   outputShape: (s) => s, forward: ({ gamma }, x) => tf.mul(x, gamma!) });
 */
export function defineLayer<O extends object>(
  def: MultiInputLayerDef<O>,
): (options?: O & NameOption) => MultiInputSpec<O & NameOption>;
export function defineLayer<O extends object>(
  def: LayerDef<O>,
): (options?: O & NameOption) => LayerSpec<O & NameOption>;
export function defineLayer<O extends object>(
  def: LayerDef<O> | MultiInputLayerDef<O>,
): (options?: O & NameOption) => LayerSpec<O & NameOption> | MultiInputSpec<O & NameOption> {
  const { kind } = def;
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(kind)) {
    throw new Error(`defineLayer: kind must be an identifier like 'scale', got ${JSON.stringify(kind)}`);
  }
  if (typeof def.outputShape !== 'function' || typeof def.forward !== 'function') {
    throw new Error(`defineLayer (${kind}): needs outputShape and forward functions`);
  }
  const many = 'inputs' in def;
  if (many && !(Number.isInteger(def.inputs) && def.inputs >= 2)) {
    throw new Error(
      `defineLayer (${kind}): inputs must be an integer >= 2, got ${JSON.stringify(def.inputs)}`,
    );
  }
  return (given = {} as O & NameOption) => {
    checkKeys(given, [...(def.options ?? []), 'name'], kind);
    const name = checkName(given.name, kind);
    const { name: _n, ...rest } = given;
    const checked = def.check ? def.check(rest as O) : (rest as O);
    const o = { ...checked, ...(name ? { name } : {}) } as O & NameOption;
    const config = { kind, ...o } as ModuleConfig;
    if (!many) {
      const d = def as LayerDef<O>;
      return layer<O & NameOption>({
        kind,
        options: o,
        outputShape: (s) => d.outputShape(s, checked),
        build: (inputShape, ctx) => {
          const params = makeParams(kind, d.params?.(inputShape, checked) ?? {}, ctx);
          return defineModule({
            kind,
            config,
            path: ctx.path,
            inputShape,
            outputShape: d.outputShape(inputShape, checked),
            params,
            forward: (x, fctx) => d.forward(params, x, checked, fctx),
          });
        },
      });
    }
    const d = def as MultiInputLayerDef<O>;
    return multiInputLayer<O & NameOption>({
      kind,
      options: o,
      arity: { min: d.inputs, max: d.inputs },
      outputShape: (shapes) => d.outputShape(shapes, checked),
      build: (inputShapes, ctx) => {
        const params = makeParams(kind, d.params?.(inputShapes, checked) ?? {}, ctx);
        return defineMultiModule({
          kind,
          config,
          path: ctx.path,
          inputShapes,
          outputShape: d.outputShape(inputShapes, checked),
          params,
          forward: (xs, fctx) => d.forward(params, xs, checked, fctx),
        });
      },
    });
  };
}
