import { buildGraph, type GraphModule } from './graph-module';
import { resolveGraph } from './graph-resolve';
import type { Shape } from './module';
import { formatShape, sameShape } from './shape';
import type { BuildContext, NameOption, SpecParts } from './spec';
import { checkSymbolic, isSymbolic, type NodeSpec, type SymbolicTensor, symbolicCall } from './symbolic';

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
