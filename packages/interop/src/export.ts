import {
  checkKeys,
  type GraphCall,
  type GraphModule,
  type GraphRef,
  isGraphModule,
  LEAKY_ALPHA,
  type Model,
  type Module,
} from '@aecnn/layers';
import type { io } from '@tensorflow/tfjs-core';
import { resolveHandler } from './handler';
import type { KerasLayer, NamedWeight } from './keras-types';
import { leafToKeras } from './to-keras';

/** Options of exportLayersModel. */
export interface ExportOptions {
  /** Append a softmax to the classifier head, so the Keras model outputs probabilities (default false: logits). */
  softmax?: boolean;
  /** Model name in the topology (default: the model's kind, or 'sequential'). */
  name?: string;
}

/** The keys of ExportOptions. */
const EXPORT_KEYS = ['softmax', 'name'];

/** The TF.js Layers artifacts of a model: topology JSON, weight specs and one weight buffer. */
export interface LayersArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** Which head a model module feeds, by its name: decoder → reconstruction, classifier → logits. */
const HEAD_OF: Readonly<Record<string, string>> = Object.freeze({
  decoder: 'reconstruction',
  classifier: 'logits',
});

/** An output of the Keras graph: a layer and which of its calls (inbound node) produced it. */
type Ref = readonly [layer: string, node: number];

/**
 * A functional-model builder. Each aecnn leaf becomes Keras layers once; calling it again (a shared layer, a shared
 * block or a nested graph applied twice) adds an inbound node to those layers, so the weights stay one set.
 */
class Graph {
  readonly layers: KerasLayer[] = [];
  readonly weights: NamedWeight[] = [];
  private readonly used = new Set<string>();
  private readonly byName = new Map<string, KerasLayer>();
  private readonly pieces = new Map<Module, string[]>();

  constructor(private readonly leakyAlpha: number) {}

  unique(path: string): string {
    const base = path.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+/, '') || 'layer';
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(shape: readonly number[], label = 'input'): Ref {
    const name = this.unique(label);
    this.push({
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, ...shape], dtype: 'float32', sparse: false, name },
      name,
      inbound_nodes: [],
    });
    return [name, 0];
  }

  private push(layer: KerasLayer): void {
    this.layers.push(layer);
    this.byName.set(layer.name!, layer);
  }

  /** Adds a call of Keras layer `name` on `from`; returns its output. */
  private call(name: string, from: readonly Ref[]): Ref {
    const nodes = this.byName.get(name)!.inbound_nodes!;
    nodes.push(from.map(([l, n]) => [l, n, 0, {}]));
    return [name, nodes.length - 1];
  }

  /** Calls leaf `m` (translated on its first call) on `from`. */
  private leaf(m: Module, path: string, from: readonly Ref[]): Ref {
    let names = this.pieces.get(m);
    if (names === undefined) {
      const piece = leafToKeras(m, this.unique(path), this.leakyAlpha);
      names = piece.layers.map((layer) => {
        const name = String(layer.config.name);
        this.used.add(name);
        this.push({ ...layer, name, inbound_nodes: [] });
        return name;
      });
      this.weights.push(...piece.weights);
      this.pieces.set(m, names);
    }
    if (m.kind === 'subtract') return this.call(names[1]!, [from[0]!, this.call(names[0]!, [from[1]!])]);
    let out = this.call(names[0]!, from);
    for (const name of names.slice(1)) out = this.call(name, [out]);
    return out;
  }

  /** Appends module `m` (a leaf, a container chaining its children, or a one-output graph) after `from`. */
  chain(m: Module, path: string, from: Ref): Ref {
    if (isGraphModule(m)) return this.graph(m, path, [from]).output!;
    const kids = Object.entries(m.children);
    if (kids.length === 0) return this.leaf(m, path, [from]);
    if (Object.keys(m.params).length > 0) {
      throw new Error(
        `exportLayersModel: '${path}' (${m.kind}) has both parameters and children; cannot flatten it`,
      );
    }
    let prev = from;
    for (const [name, child] of kids) prev = this.chain(child, `${path}/${name}`, prev);
    return prev;
  }

  /**
   * Flattens graph `g` called on `inputs`: its outputs by name (`output` for a one-tensor graph). Only calls that
   * feed an output are exported; added loss terms are dropped.
   */
  graph(g: GraphModule, path: string, inputs: readonly Ref[]): Record<string, Ref> {
    const { def } = g;
    const values = new Map<GraphCall, Ref | Record<string, Ref>>();
    const get = (ref: GraphRef): Ref => {
      if ('input' in ref) return inputs[def.inputs.findIndex((i) => i.name === ref.input)]!;
      const v = values.get(ref.call)!;
      return ref.output !== undefined ? (v as Record<string, Ref>)[ref.output]! : (v as Ref);
    };
    const todo = new Set<GraphCall>();
    const mark = (ref: GraphRef): void => {
      if ('input' in ref || todo.has(ref.call)) return;
      todo.add(ref.call);
      ref.call.inputs.forEach(mark);
    };
    Object.values(def.outputs).forEach(mark);
    for (const call of def.calls) {
      if (!todo.has(call)) continue;
      const m = g.children[call.layer.name]!;
      const at = `${path}/${call.layer.name}`;
      const args = call.inputs.map(get);
      if (isGraphModule(m)) {
        const out = this.graph(m, at, args);
        values.set(call, m.def.single ? out.output! : out);
      } else values.set(call, m.inputShapes ? this.leaf(m, at, args) : this.chain(m, at, args[0]!));
    }
    return Object.fromEntries(Object.entries(def.outputs).map(([name, ref]) => [name, get(ref)]));
  }

  softmax(from: Ref): Ref {
    const name = this.unique('probabilities');
    this.push({
      class_name: 'Activation',
      config: { name, trainable: true, dtype: 'float32', activation: 'softmax' },
      name,
      inbound_nodes: [],
    });
    return this.call(name, [from]);
  }
}

/** Output layer names of a model by head; an encoder feeds every other module, otherwise modules chain. */
function wire(g: Graph, model: Model, input: Ref, options: ExportOptions): Array<[string, Ref]> {
  const entries = Object.entries(model.modules);
  const outputs: Array<[string, Ref]> = [];
  const encoder = model.modules.encoder;
  if (encoder && entries.length > 1) {
    const latent = g.chain(encoder, 'encoder', input);
    for (const [name, m] of entries) {
      if (name === 'encoder') continue;
      let out = g.chain(m, name, latent);
      if (name === 'classifier' && options.softmax) out = g.softmax(out);
      outputs.push([HEAD_OF[name] ?? name, out]);
    }
    return outputs;
  }
  let prev = input;
  for (const [name, m] of entries) prev = g.chain(m, name, prev);
  if (options.softmax) prev = g.softmax(prev);
  return [[entries.length === 1 ? entries[0]![0] : 'output', prev]];
}

/** Outputs of an exported graph by name; with `softmax`, its `logits` output becomes probabilities. */
function wireGraph(g: Graph, model: GraphModule, options: ExportOptions): [Ref[], Array<[string, Ref]>] {
  const inputs = model.def.inputs.map((i) => g.input(i.shape, i.name));
  const outputs = Object.entries(g.graph(model, '', inputs));
  if (options.softmax) {
    const logits = outputs.find(([name]) => name === 'logits');
    if (!logits) {
      throw new Error(
        `exportLayersModel: softmax needs a 'logits' output; this graph has ${outputs.map(([n]) => n).join(', ')}`,
      );
    }
    logits[1] = g.softmax(logits[1]);
  }
  return [inputs, outputs];
}

function isModel(x: Model | Module): x is Model {
  return (x as Model).modules !== undefined && typeof (x as Model).forward === 'function';
}

/**
 * The TF.js Layers form of an aecnn model or module: a functional Keras topology (`Functional`, one output
 * per head for models with several heads, e.g. fusion → [reconstruction, logits]) and its weights.
 */
export function toLayersArtifacts(model: Model | Module, options: ExportOptions = {}): LayersArtifacts {
  checkKeys(options, EXPORT_KEYS, 'toLayersArtifacts');
  const g = new Graph(LEAKY_ALPHA);
  let inputs: Ref[];
  let outputs: Array<[string, Ref]>;
  if (isGraphModule(model)) [inputs, outputs] = wireGraph(g, model, options);
  else {
    inputs = [g.input(model.inputShape)];
    outputs = isModel(model)
      ? wire(g, model, inputs[0]!, options)
      : [['output', g.chain(model, '', inputs[0]!)]];
    if (!isModel(model) && options.softmax) outputs[0]![1] = g.softmax(outputs[0]![1]);
  }
  const name =
    options.name ??
    (isGraphModule(model) ? (model.def.name ?? 'graph') : isModel(model) ? model.kind : 'sequential');
  const modelTopology = {
    class_name: 'Functional',
    config: {
      name,
      layers: g.layers,
      input_layers: inputs.map(([layer, node]) => [layer, node, 0]),
      output_layers: outputs.map(([, [layer, node]]) => [layer, node, 0]),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  const total = g.weights.reduce((n, w) => n + w.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const w of g.weights) {
    data.set(w.values, offset);
    offset += w.values.length;
  }
  return {
    modelTopology,
    weightSpecs: g.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })),
    weightData: data.buffer,
  };
}

/** Names of the heads that `toLayersArtifacts` exports, in output order. */
export function exportedHeads(model: Model | Module): string[] {
  if (isGraphModule(model)) return Object.keys(model.def.outputs);
  if (!isModel(model)) return ['output'];
  const names = Object.keys(model.modules);
  if (model.modules.encoder && names.length > 1)
    return names.filter((n) => n !== 'encoder').map((n) => HEAD_OF[n] ?? n);
  return [names.length === 1 ? names[0]! : 'output'];
}

/**
 * Writes a TF.js Layers model (model.json with the Keras topology and weights manifest, plus weights) that
 * `tf.loadLayersModel` loads with the same outputs. `destination` is a tf.io handler (in Node: `fileHandler(dir)`
 * from `@aecnn/layers/node`) or a tf.io URL (`indexeddb://name`, `downloads://name`, `file://dir` once
 * `registerFileScheme()` from `@aecnn/layers/node` ran).
 */
export async function exportLayersModel(
  model: Model | Module,
  destination: io.IOHandler | string,
  options: ExportOptions = {},
): Promise<io.SaveResult> {
  checkKeys(options, EXPORT_KEYS, 'exportLayersModel');
  const handler = resolveHandler(destination, 'save');
  const a = toLayersArtifacts(model, options);
  return handler.save!({
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs,
    weightData: a.weightData,
    format: 'layers-model',
    generatedBy: 'aecnn',
    convertedBy: null,
  });
}
