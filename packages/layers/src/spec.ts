import type { Module, Shape } from './module';
import { checkSymbolic, type SymbolicTensor, symbolicCall } from './symbolic';

/** Where a module is being built: its display path, its seed key, and the build's root seed. */
export interface BuildContext {
  /** Path for messages, root name included: `encoder/block1/conv`. */
  readonly path: string;
  /** Path below the root (no root name), from which parameter seeds derive, so renaming the root keeps weights. */
  readonly key: string;
  /** Root seed of this build. */
  readonly seed: number;
}

/** What a one-input layer is made of: its kind, its normalised options, its output shape and its build. */
export interface SpecParts<O extends object = object> {
  /** Layer kind (`conv2d`, `sequential`, ...); also the `kind` of its config. */
  readonly kind: string;
  /** Normalised options (defaults filled in); the module's config is `{ kind, ...options }`. */
  readonly options: Readonly<O>;
  /** Output shape (no batch) for an input shape (no batch), without building; throws on a bad shape. */
  outputShape(inputShape: Shape): Shape;
  /** Builds the module (creates its Variables) for an input shape without batch. */
  build(inputShape: Shape, ctx: BuildContext): Module;
}

/** An unbuilt one-input layer: build it with `build`, or apply it to symbolic tensors inside a `graph`. */
export interface LayerSpec<O extends object = object> extends SpecParts<O> {
  /**
   * Applies the layer in a graph: `conv2d({ filters: 8, kernelSize: 3 }).apply(x)` gives a symbolic tensor whose
   * shape is known at once. Applying one spec twice shares its weights.
   */
  apply(x: SymbolicTensor): SymbolicTensor;
}

/** Makes a layer spec from its parts, adding `apply` for graphs. */
export function layer<O extends object>(parts: SpecParts<O>): LayerSpec<O> {
  const spec: LayerSpec<O> = {
    ...parts,
    apply(x) {
      const [t] = checkSymbolic(parts.kind, [x], 1);
      return symbolicCall(spec, [t!], parts.outputShape(t!.shape)) as SymbolicTensor;
    },
  };
  return spec;
}

/** An unbuilt layer of several inputs (`add`, `concatenate`, ...), applied to a list of symbolic tensors. */
export interface MultiInputSpec<O extends object = object> {
  /** Layer kind (`add`, `concatenate`, ...); also the `kind` of its config. */
  readonly kind: string;
  /** Normalised options; the module's config is `{ kind, ...options }`. */
  readonly options: Readonly<O>;
  /** How many inputs it takes: at least `min`, at most `max` (when set). */
  readonly arity: { readonly min: number; readonly max?: number };
  /** Output shape for the input shapes (no batch); throws naming the inputs that do not fit. */
  outputShape(inputShapes: readonly Shape[]): Shape;
  /** Builds the module for the input shapes; its `applyAll` runs the forward pass. */
  build(inputShapes: readonly Shape[], ctx: BuildContext): Module;
  /** Applies the layer in a graph to its inputs: `concatenate().apply([up, skip])`. */
  apply(xs: readonly SymbolicTensor[]): SymbolicTensor;
}

/** Makes a multi-input layer spec from its parts, adding `apply` for graphs. */
export function multiInputLayer<O extends object>(
  parts: Omit<MultiInputSpec<O>, 'apply'>,
): MultiInputSpec<O> {
  const spec: MultiInputSpec<O> = {
    ...parts,
    apply(xs) {
      if (!Array.isArray(xs)) {
        throw new Error(
          `${parts.kind}.apply: expected a list of symbolic tensors like [a, b], got ${typeof xs}`,
        );
      }
      const { min, max } = parts.arity;
      if (xs.length < min || (max !== undefined && xs.length > max)) {
        const want = max === min ? `${min}` : max === undefined ? `at least ${min}` : `${min} to ${max}`;
        throw new Error(`${parts.kind}.apply: expected ${want} inputs, got ${xs.length}`);
      }
      const ts = checkSymbolic(parts.kind, xs, xs.length);
      return symbolicCall(spec, ts, parts.outputShape(ts.map((t) => t.shape))) as SymbolicTensor;
    },
  };
  return spec;
}

/** Context for a child named `name` of the module built in `ctx`. */
export function childContext(ctx: BuildContext, name: string): BuildContext {
  return {
    path: ctx.path ? `${ctx.path}/${name}` : name,
    key: ctx.key ? `${ctx.key}/${name}` : name,
    seed: ctx.seed,
  };
}

/** Options every layer factory accepts. */
export interface NameOption {
  /** Local name of the layer inside its parent (default: kind plus a counter, e.g. `conv2d1`). */
  name?: string;
}

/** Throws unless `name` is a usable path segment. */
export function checkName(name: unknown, kind: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new Error(
      `${kind}: name must be letters, digits, '_', '.' or '-' (no '/'), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
