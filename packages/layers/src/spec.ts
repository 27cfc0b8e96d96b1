import type { BuildContext, LayerSpec, MultiInputSpec, SpecParts, SymbolicTensor } from './graph-types';
import { checkSymbolic, symbolicCall } from './symbolic';

// NOTE: the layer files take their spec types from here with the helpers that make them; they are declared in
// graph-types.ts, which the graph files import, so that no import circle runs through this file.
export type { BuildContext, LayerSpec, MultiInputSpec, NameOption, SpecParts } from './graph-types';

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
