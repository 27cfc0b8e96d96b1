import { buildGraph, type GraphModule } from './graph-module';
import type { Shape } from './module';
import { checkKeys, formatShape, sameShape } from './shape';
import { type BuildContext, checkName, type NameOption, type SpecParts } from './spec';
import {
  checkSymbolic,
  type GraphNode,
  isSymbolic,
  type NodeSpec,
  type SymbolicTensor,
  symbolicCall,
} from './symbolic';

/** A graph's outputs: one symbolic tensor, or named ones (`{ reconstruction, logits }`). */
export type SymbolicOutputs = SymbolicTensor | Readonly<Record<string, SymbolicTensor>>;

/** Options of `graph`. */
export interface GraphOptions<T extends SymbolicOutputs> extends NameOption {
  /** The graph's `input()` tensors: one, or a list (the forward call takes them in this order or by name). */
  readonly inputs: SymbolicTensor | readonly SymbolicTensor[];
  /** One output (named `output`), or a record whose names become the model's outputs. */
  readonly outputs: T;
  /**
   * Loss terms the model adds to any training loss, by name (a VAE's `kl`): symbolic tensors of one value per
   * sample (shape []) or of any shape (meant). The trainer adds them and reports each under its name.
   */
  readonly losses?: Readonly<Record<string, SymbolicTensor>>;
}

/** Where a value of the graph comes from: one of its inputs, or an output of one call of a layer. */
export type GraphRef = { readonly input: string } | { readonly call: GraphCall; readonly output?: string };

/** One call of a layer in a graph (a layer applied twice has two calls, one set of weights). */
export interface GraphCall {
  readonly layer: GraphLayer;
  /** 0 for the first call of the layer, 1 for the second, ... */
  readonly index: number;
  readonly inputs: readonly GraphRef[];
  readonly inputShapes: readonly Shape[];
}

/** A distinct layer of a graph: its local name (the prefix of its parameter paths), its spec and its calls. */
export interface GraphLayer {
  readonly name: string;
  readonly spec: NodeSpec;
  readonly calls: GraphCall[];
}

/** The wiring of a graph, resolved: named inputs, layers, calls in an order that computes each before its use. */
export interface GraphDef {
  readonly name?: string;
  readonly inputs: readonly { readonly name: string; readonly shape: Shape }[];
  readonly layers: readonly GraphLayer[];
  readonly calls: readonly GraphCall[];
  /** Outputs by name; a graph given one output tensor has the single output `output`. */
  readonly outputs: Readonly<Record<string, GraphRef>>;
  /** Whether `outputs` was one tensor rather than a record. */
  readonly single: boolean;
  readonly losses: Readonly<Record<string, GraphRef>>;
  /** Shape (no batch) of every output and loss term, by name. */
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** A functional model before it is built: build it (`build(g, { seed })`), nest it in a graph or a sequential. */
export interface GraphSpec<T extends SymbolicOutputs = SymbolicOutputs> extends SpecParts<NameOption> {
  readonly kind: 'graph';
  /** The resolved wiring. */
  readonly def: GraphDef;
  /** Builds the graph for its own input shapes: every distinct layer once, seeded from its name. */
  buildGraph(ctx: BuildContext): GraphModule;
  /** Builds the graph as one module of a chain (one input of `inputShape`, one output). */
  build(inputShape: Shape, ctx: BuildContext): GraphModule;
  /**
   * Applies the whole graph inside another graph, sharing its weights between calls: one symbolic input, a list,
   * or a record by input name; returns one output or the record of outputs (and loss terms).
   */
  apply(inputs: SymbolicTensor | readonly SymbolicTensor[] | Readonly<Record<string, SymbolicTensor>>): T;
}

/** Whether `spec` is a graph spec. */
export function isGraphSpec(spec: unknown): spec is GraphSpec {
  return (
    spec != null &&
    (spec as GraphSpec).kind === 'graph' &&
    typeof (spec as GraphSpec).buildGraph === 'function'
  );
}

/** How a value is named in summaries and messages: `image`, `conv2d1`, `conv2d1#1`, `encoder.mean`. */
export function refLabel(ref: GraphRef): string {
  if ('input' in ref) return ref.input;
  const { call, output } = ref;
  return `${call.layer.name}${call.index ? `#${call.index}` : ''}${output !== undefined ? `.${output}` : ''}`;
}

function symbolicList(what: string, value: unknown): SymbolicTensor[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new Error(`graph: ${what} is empty; give at least one`);
  return checkSymbolic(`graph ${what}`, list, list.length);
}

function symbolicRecord(what: string, value: unknown): Record<string, SymbolicTensor> {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`graph: ${what} must be a record of symbolic tensors like { kl }, got ${typeof value}`);
  }
  for (const [name, t] of Object.entries(value)) {
    checkName(name, `graph ${what}`);
    if (!isSymbolic(t))
      throw new Error(`graph: ${what} '${name}' is not a symbolic tensor (got ${typeof t})`);
  }
  return value as Record<string, SymbolicTensor>;
}

/** Local name of a spec: its `name` option, else kind plus the first free counter (`conv2d1`, `conv2d2`). */
function nameOf(spec: NodeSpec, taken: Set<string>, counts: Map<string, number>): string {
  const given = (spec.options as NameOption).name;
  if (given) {
    if (taken.has(given))
      throw new Error(`graph: two layers or inputs are named '${given}'; give each a distinct name`);
    return given;
  }
  let n = counts.get(spec.kind) ?? 0;
  do n++;
  while (taken.has(`${spec.kind}${n}`));
  counts.set(spec.kind, n);
  return `${spec.kind}${n}`;
}

/**
 * Resolves a graph's wiring from its outputs back to its inputs. `names` fixes the layer names (fromConfig).
 * Throws naming the node for inputs that are not listed, listed inputs that feed nothing, and shared layers
 * called on different shapes.
 */
export function resolveGraph<T extends SymbolicOutputs>(
  options: GraphOptions<T>,
  names?: ReadonlyMap<NodeSpec, string>,
): GraphDef {
  if (options == null || typeof options !== 'object')
    throw new Error('graph: expected options { inputs, outputs }');
  checkKeys(options, ['inputs', 'outputs', 'losses', 'name'], 'graph');
  const name = checkName(options.name, 'graph');
  const inputs = symbolicList('inputs', options.inputs);
  const single = isSymbolic(options.outputs);
  const outputs = single
    ? { output: options.outputs as SymbolicTensor }
    : symbolicRecord('outputs', options.outputs);
  if (Object.keys(outputs).length === 0) throw new Error('graph: outputs is empty; give at least one');
  const losses = options.losses === undefined ? {} : symbolicRecord('losses', options.losses);
  for (const n of Object.keys(losses)) {
    if (n in outputs)
      throw new Error(`graph: '${n}' is both an output and a loss; give the loss another name`);
  }

  const taken = new Set<string>();
  const inputNames = new Map<GraphNode, string>();
  inputs.forEach((t, i) => {
    if (t.node.spec) {
      throw new Error(
        `graph: inputs[${i}] is the output of ${t.node.spec.kind}, not an input(); list the input() tensors`,
      );
    }
    if (inputNames.has(t.node)) throw new Error(`graph: inputs[${i}] is listed twice`);
    const n = t.node.inputName ?? (inputs.length === 1 ? 'input' : `input${i + 1}`);
    if (taken.has(n)) throw new Error(`graph: two inputs are named '${n}'`);
    taken.add(n);
    inputNames.set(t.node, n);
  });
  for (const n of names?.values() ?? []) taken.add(n);

  const layers = new Map<NodeSpec, GraphLayer>();
  const calls = new Map<GraphNode, GraphCall>();
  const order: GraphCall[] = [];
  const counts = new Map<string, number>();
  const used = new Set<GraphNode>();
  const visit = (t: SymbolicTensor, from: string): GraphRef => {
    const node = t.node;
    const spec = node.spec;
    if (!spec) {
      const n = inputNames.get(node);
      if (n === undefined) {
        const label = node.inputName ? `'${node.inputName}' ` : '';
        throw new Error(
          `graph: ${from} depends on an input ${label}${formatShape(t.shape)} that is not in inputs; add it to inputs`,
        );
      }
      used.add(node);
      return { input: n };
    }
    let call = calls.get(node);
    if (!call) {
      const refs = node.inputs.map((x) => visit(x, from));
      let layer = layers.get(spec);
      if (!layer) {
        const n = names?.get(spec) ?? nameOf(spec, taken, counts);
        taken.add(n);
        layer = { name: n, spec, calls: [] };
        layers.set(spec, layer);
      }
      const inputShapes = node.inputs.map((x) => x.shape);
      const first = layer.calls[0];
      if (first && !first.inputShapes.every((s, i) => sameShape(s, inputShapes[i] ?? []))) {
        throw new Error(
          `graph: layer '${layer.name}' is shared, but call ${layer.calls.length} gets ` +
            `${inputShapes.map((s) => formatShape(s)).join(' and ')} where call 0 got ` +
            `${first.inputShapes.map((s) => formatShape(s)).join(' and ')}; a shared layer needs the same input shapes`,
        );
      }
      call = { layer, index: layer.calls.length, inputs: refs, inputShapes };
      layer.calls.push(call);
      calls.set(node, call);
      order.push(call);
    }
    return t.output !== undefined ? { call, output: t.output } : { call };
  };
  const refs = (rec: Record<string, SymbolicTensor>, what: string) =>
    Object.fromEntries(Object.entries(rec).map(([n, t]) => [n, visit(t, `${what} '${n}'`)]));
  const outRefs = refs(outputs, 'output');
  const lossRefs = refs(losses, 'loss');
  for (const [node, n] of inputNames) {
    if (!used.has(node)) {
      throw new Error(
        `graph: input '${n}' is not connected to any output or loss; use it or remove it from inputs`,
      );
    }
  }
  const shapes = Object.fromEntries(
    [...Object.entries(outputs), ...Object.entries(losses)].map(([n, t]) => [n, t.shape]),
  );
  return {
    ...(name ? { name } : {}),
    inputs: inputs.map((t) => ({ name: inputNames.get(t.node)!, shape: t.shape })),
    layers: [...layers.values()],
    calls: order,
    outputs: outRefs,
    single,
    losses: lossRefs,
    shapes,
  };
}

function oneInOneOut(def: GraphDef, what: string): void {
  const n = Object.keys(def.outputs).length;
  if (def.inputs.length !== 1 || n !== 1) {
    throw new Error(
      `graph${def.name ? ` (${def.name})` : ''}: ${what} needs one input and one output, this graph has ` +
        `${def.inputs.length} inputs and ${n} outputs; apply it inside a graph instead`,
    );
  }
}

/** Makes the spec of a resolved graph. */
export function graphSpec<T extends SymbolicOutputs>(def: GraphDef): GraphSpec<T> {
  const where = `graph${def.name ? ` (${def.name})` : ''}`;
  const declared = def.inputs[0]!.shape;
  const checkChainShape = (inputShape: Shape) => {
    oneInOneOut(def, 'a sequential');
    if (!sameShape(inputShape, declared)) {
      throw new Error(
        `${where}: expected input ${formatShape(declared, true)}, got ${formatShape(inputShape, true)}`,
      );
    }
  };
  const spec: GraphSpec<T> = {
    kind: 'graph',
    options: def.name ? { name: def.name } : {},
    def,
    outputShape(inputShape) {
      checkChainShape(inputShape);
      return Object.values(def.shapes)[0]!;
    },
    buildGraph: (ctx) => buildGraph(def, ctx),
    build(inputShape, ctx) {
      checkChainShape(inputShape);
      return buildGraph(def, ctx);
    },
    apply(given) {
      const list = isSymbolic(given)
        ? [given]
        : Array.isArray(given)
          ? given
          : def.inputs.map(({ name }) => {
              const t = (given as Record<string, SymbolicTensor>)?.[name];
              if (t === undefined) throw new Error(`${where}.apply: missing input '${name}'`);
              return t;
            });
      const xs = checkSymbolic(where, list, def.inputs.length);
      if (xs.length !== def.inputs.length) {
        throw new Error(`${where}.apply: expected ${def.inputs.length} inputs, got ${xs.length}`);
      }
      xs.forEach((x, i) => {
        const { name, shape } = def.inputs[i]!;
        if (!sameShape(x.shape, shape)) {
          throw new Error(
            `${where}.apply: input '${name}' expects ${formatShape(shape)}, got ${formatShape(x.shape)}`,
          );
        }
      });
      return symbolicCall(spec, xs, def.single ? def.shapes.output! : def.shapes) as T;
    },
  };
  return spec;
}

/**
 * A functional model: wire layers on symbolic tensors from `input()`, then name its inputs and outputs.
 * Outputs may have any names; a layer applied twice shares its weights; graphs nest in graphs and sequentials.
 * @example
 * const x = input([28, 28, 1]);
 * const h = conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(x);
 * const model = build(graph({ inputs: x, outputs: { logits: dense({ units: 10 }).apply(flatten().apply(h)) } }), { seed: 1 });
 */
export function graph<T extends SymbolicOutputs>(options: GraphOptions<T>): GraphSpec<T> {
  return graphSpec<T>(resolveGraph(options));
}
