import type { Tensor } from '@tensorflow/tfjs-core';
import type { ForwardContext, Model, ModelOutput, Module, Shape } from './module';

// The types of unbuilt layers (specs), symbolic tensors and graphs, in one file because they refer to each other
// (a symbolic tensor records the spec applied, a spec's apply returns symbolic tensors, a graph spec holds layer
// specs and builds a GraphModule); the files that implement them import from here and nothing here imports back.

/** Where a module is being built: its display path, its seed key, and the build's root seed. */
export interface BuildContext {
  /** Path for messages, root name included: `encoder/block1/conv`. */
  readonly path: string;
  /** Path below the root (no root name), from which parameter seeds derive, so renaming the root keeps weights. */
  readonly key: string;
  /** Root seed of this build. */
  readonly seed: number;
}

/** Options every layer factory accepts. */
export interface NameOption {
  /** Local name of the layer inside its parent (default: kind plus a counter, e.g. `conv2d1`). */
  name?: string;
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

/**
 * A tensor of a graph under construction: its shape (no batch) is known at once, its values only when the built
 * graph runs. Made by `input(shape)` and by applying layers (`dense({ units: 10 }).apply(x)`).
 */
export interface SymbolicTensor {
  /** Shape without the batch dimension ([] for one value per sample). */
  readonly shape: Shape;
  /** The node that computes it. */
  readonly node: GraphNode;
  /** Which named output of a nested graph it is; absent for a layer's single output. */
  readonly output?: string;
}

/** One application of a spec to symbolic inputs (or a graph input, which has no spec). */
export interface GraphNode {
  /** The applied spec; absent for a graph input. */
  readonly spec?: NodeSpec;
  /** The symbolic tensors it was applied to. */
  readonly inputs: readonly SymbolicTensor[];
  /** The name given to `input(shape, { name })`. */
  readonly inputName?: string;
}

/** Anything that can be applied in a graph: a layer, a multi-input layer, or a graph. */
export type NodeSpec = LayerSpec | MultiInputSpec | GraphSpec;

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

/** The inputs of a graph's forward call: one batch, a list in input order, or a record by input name. */
export type GraphInputs = Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>;

/** A built graph: a Module (nestable, saved and loaded like any other) and a Model the trainer can fit. */
export interface GraphModule extends Module, Model {
  readonly kind: 'graph';
  /** The inputs' names, in forward order. */
  readonly inputNames: readonly string[];
  /** Shape (no batch) of every output and added loss term, by name. */
  readonly outputShapes: Readonly<Record<string, Shape>>;
  /** The resolved wiring (layers, calls, refs), for summaries and exporters. */
  readonly def: GraphDef;
  /** Runs the graph; `outputs` limits what is computed (default: every output and loss term). */
  forward(x: GraphInputs, ctx: ForwardContext, outputs?: readonly string[]): ModelOutput;
  /** A Keras-style table of the graph: each layer, its output shape, parameters and inputs. */
  summary(): string;
  /** Number of parameters (shared layers counted once). */
  paramCount(): number;
}

/** Whether `spec` is a graph spec. */
export function isGraphSpec(spec: unknown): spec is GraphSpec {
  return (
    spec != null &&
    (spec as GraphSpec).kind === 'graph' &&
    typeof (spec as GraphSpec).buildGraph === 'function'
  );
}
