import { type GraphModule, type GraphSpec, isGraphSpec, type NodeSpec } from './graph-types';
import type { Module, Shape } from './module';
import { requireBackend } from './require-backend';
import { randomSeed } from './rng';
import { checkKeys, checkShape, formatShape, sameShape } from './shape';
import { checkName, type NameOption, type SpecParts } from './spec';

/** Options of `build`. */
export interface BuildOptions {
  /** Seed of the weight initializers: one seed gives bit-identical weights (default: random). */
  seed?: number;
  /** Name of the root, shown in error messages (default: the spec's name or kind). Not part of param paths. */
  name?: string;
}

function rootContext(spec: NodeSpec, options: BuildOptions) {
  checkKeys(options, ['seed', 'name'], 'build');
  const { seed = randomSeed(), name } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new Error(`build: seed must be a non-negative integer, got ${JSON.stringify(seed)}`);
  }
  const root = checkName(name, 'build') ?? (spec.options as NameOption).name ?? spec.kind;
  return { path: root, key: '', seed };
}

/**
 * Builds a layer spec for an input shape without batch (a graph for its own inputs): creates its Variables and
 * infers every shape.
 * @example const m = build(sequential([flatten(), dense({ units: 10 })]), [28, 28, 1], { seed: 1 });
 * @example const model = build(graph({ inputs: x, outputs: { logits } }), { seed: 1 });
 */
export function build(spec: GraphSpec, options?: BuildOptions): GraphModule;
export function build(spec: GraphSpec, inputShape: Shape, options?: BuildOptions): GraphModule;
export function build(spec: SpecParts | NodeSpec, inputShape: Shape, options?: BuildOptions): Module;
export function build(
  spec: SpecParts | NodeSpec,
  shapeOrOptions?: Shape | BuildOptions,
  maybeOptions: BuildOptions = {},
): Module {
  requireBackend('build');
  if (spec == null || typeof spec.build !== 'function') {
    const multi = spec != null && 'arity' in (spec as object);
    throw new Error(
      multi
        ? `build: ${(spec as NodeSpec).kind} takes several inputs; apply it inside a graph`
        : `build: expected a layer spec such as conv2d({...}), sequential([...]) or graph({...}), got ${typeof spec}`,
    );
  }
  if (isGraphSpec(spec)) {
    const shaped = Array.isArray(shapeOrOptions);
    const ctx = rootContext(spec, ((shaped ? maybeOptions : shapeOrOptions) ?? {}) as BuildOptions);
    const declared = spec.def.inputs[0]!.shape;
    if (shaped && !sameShape(shapeOrOptions as Shape, declared)) {
      throw new Error(
        `build(graph): the graph's input is ${formatShape(declared)}, got ${formatShape(shapeOrOptions as Shape)}`,
      );
    }
    return spec.buildGraph(ctx);
  }
  const inputShape = shapeOrOptions as Shape;
  checkShape(inputShape, `build(${spec.kind})`);
  return (spec as SpecParts).build([...inputShape], rootContext(spec as NodeSpec, maybeOptions));
}
