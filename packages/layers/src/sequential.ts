import { defineModule } from './define-module';
import type { Module, ModuleConfig, Shape } from './module';
import { disposeParams } from './params';
import { deriveSeed } from './rng';
import { checkKeys } from './shape';
import {
  type BuildContext,
  checkName,
  childContext,
  type LayerSpec,
  layer,
  type NameOption,
  type SpecParts,
} from './spec';

/** Options of `sequential`. */
export interface SequentialOptions extends NameOption {}

/** Config of a sequential module: its layers' configs in order. */
export interface SequentialConfig extends NameOption {
  layers: ModuleConfig[];
}

/** Local names of the layers: their `name` option, else kind plus a per-kind counter (`conv2d1`, `dense2`). */
export function childNames(specs: readonly SpecParts[], kind = 'sequential'): string[] {
  const counts = new Map<string, number>();
  const names = specs.map((s) => {
    const given = (s.options as NameOption).name;
    if (given) return given;
    const n = (counts.get(s.kind) ?? 0) + 1;
    counts.set(s.kind, n);
    return `${s.kind}${n}`;
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`${kind}: two layers are named '${dup}'; give each a distinct name`);
  return names;
}

function isSpec(s: unknown): s is SpecParts {
  return (
    s != null &&
    typeof (s as SpecParts).build === 'function' &&
    typeof (s as SpecParts).kind === 'string' &&
    !('arity' in (s as object))
  );
}

/** Builds `specs` one after the other from `inputShape`; the building block of sequential and the blocks. */
export function buildChain(
  specs: readonly SpecParts[],
  names: readonly string[],
  inputShape: Shape,
  ctx: BuildContext,
): Record<string, Module> {
  const children: Record<string, Module> = {};
  let shape = inputShape;
  try {
    specs.forEach((spec, i) => {
      const child = spec.build(shape, childContext(ctx, names[i]!));
      children[names[i]!] = child;
      shape = child.outputShape;
    });
  } catch (err) {
    // A later layer did not fit: free the Variables of the layers already built, then report.
    disposeParams(children);
    throw err;
  }
  return children;
}

/** Output shape of a chain of specs. */
export function chainOutputShape(specs: readonly SpecParts[], inputShape: Shape): Shape {
  return specs.reduce((shape, spec) => spec.outputShape(shape), inputShape);
}

/**
 * Builds `specs` as one module of `kind` whose forward runs them in order, each with a seed derived from its name.
 * `config` may depend on the built children (sequential lists their configs).
 */
export function buildChainModule(
  kind: string,
  config: ModuleConfig | ((children: Record<string, Module>) => ModuleConfig),
  specs: readonly SpecParts[],
  names: readonly string[],
  inputShape: Shape,
  ctx: BuildContext,
): Module {
  const children = buildChain(specs, names, inputShape, ctx);
  const modules = Object.values(children);
  return defineModule({
    kind,
    config: typeof config === 'function' ? config(children) : config,
    path: ctx.path,
    inputShape,
    outputShape: modules.at(-1)!.outputShape,
    children,
    forward(x, { training, seed }) {
      let y = x;
      modules.forEach((m, i) => {
        y = m.apply(y, { training, seed: seed === undefined ? undefined : deriveSeed(seed, names[i]!) });
      });
      return y;
    },
  });
}

/**
 * Runs layers one after the other; children are named by their `name` option or kind plus a counter.
 * The forward seed of each child derives from the call's seed and the child's name.
 * @example sequential([conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }), maxPool2d({ poolSize: 2 }), flatten()])
 */
export function sequential(
  specs: readonly SpecParts[],
  options: SequentialOptions = {},
): LayerSpec<SequentialConfig> {
  checkKeys(options, ['name'], 'sequential');
  const name = checkName(options.name, 'sequential');
  if (!Array.isArray(specs) || specs.length === 0 || !specs.every(isSpec)) {
    throw new Error('sequential: expected a non-empty list of layers (dense(...), conv2d(...), ...)');
  }
  const list = [...specs];
  const names = childNames(list);
  return layer({
    kind: 'sequential',
    options: (name ? { name } : {}) as SequentialConfig,
    outputShape: (inputShape) => chainOutputShape(list, inputShape),
    // The config lists the built children's configs, so that fromConfig rebuilds the same tree.
    build: (inputShape, ctx) =>
      buildChainModule(
        'sequential',
        (children) => ({
          kind: 'sequential',
          layers: names.map((n) => children[n]!.config),
          ...(name ? { name } : {}),
        }),
        list,
        names,
        inputShape,
        ctx,
      ),
  });
}
