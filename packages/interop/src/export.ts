import {
  checkKeys,
  type GraphModule,
  isGraphModule,
  LEAKY_ALPHA,
  type Module,
  resolveHandler,
} from '@aecnn/layers';
import type { io } from '@tensorflow/tfjs-core';
import { type LeafEmitter, UniqueNames, walkChain, walkGraph } from './graph-walk';
import type { KerasLayer, NamedWeight } from './keras-types';
import { leafToKeras } from './to-keras';

/** Options of exportLayersModel. */
export interface ExportOptions {
  /** Append a softmax to the classifier head, so the Keras model outputs probabilities (default false: logits). */
  softmax?: boolean;
  /** Model name in the topology (default: the graph's name, e.g. the factory kind, or 'sequential'). */
  name?: string;
  /** Graph outputs to export, in this order (default: every output of the graph). */
  outputs?: readonly string[];
}

/** The keys of ExportOptions. */
const EXPORT_KEYS = ['softmax', 'name', 'outputs'];

/** The TF.js Layers artifacts of a model: topology JSON, weight specs and one weight buffer. */
export interface LayersArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** An output of the Keras graph: a layer and which of its calls (inbound node) produced it. */
type Ref = readonly [layer: string, node: number];

/**
 * A functional-model builder. Each aecnn leaf becomes Keras layers once; calling it again (a shared layer, a shared
 * block or a nested graph applied twice) adds an inbound node to those layers, so the weights stay one set.
 */
class Graph implements LeafEmitter<Ref> {
  readonly layers: KerasLayer[] = [];
  readonly weights: NamedWeight[] = [];
  private readonly used = new UniqueNames();
  private readonly byName = new Map<string, KerasLayer>();
  private readonly pieces = new Map<Module, string[]>();

  constructor(private readonly leakyAlpha: number) {}

  unique(path: string): string {
    return this.used.take(path);
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
  leaf(m: Module, path: string, from: readonly Ref[]): Ref {
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

/** The graph outputs to export, in order: `options.outputs`, or every output of the graph; `where` names the caller. */
export function chosenOutputs(model: GraphModule, options: ExportOptions, where: string): string[] {
  const all = Object.keys(model.def.outputs);
  if (options.outputs === undefined) return all;
  const asked = options.outputs;
  if (!Array.isArray(asked) || asked.length === 0 || asked.some((n) => typeof n !== 'string')) {
    throw new Error(
      `${where}: outputs must be a non-empty list of output names like ['logits'], got ${JSON.stringify(asked)}`,
    );
  }
  for (const name of asked) {
    if (!all.includes(name))
      throw new Error(`${where}: unknown output '${name}'; this graph has ${all.join(', ')}`);
  }
  if (new Set(asked).size !== asked.length)
    throw new Error(`${where}: outputs lists a name twice: ${asked.join(', ')}`);
  return [...asked];
}

/** Outputs of an exported graph, the chosen ones by name; with `softmax`, its `logits` output becomes probabilities. */
function wireGraph(g: Graph, model: GraphModule, names: readonly string[], softmax: boolean): [Ref[], Ref[]] {
  const inputs = model.def.inputs.map((i) => g.input(i.shape, i.name));
  const all = walkGraph(g, model, '', inputs, names, 'exportLayersModel');
  const outputs = names.map((name) => all[name]!);
  if (softmax) {
    const at = names.indexOf('logits');
    if (at < 0) {
      throw new Error(
        `exportLayersModel: softmax needs a 'logits' output; the exported outputs are ${names.join(', ')}`,
      );
    }
    outputs[at] = g.softmax(outputs[at]!);
  }
  return [inputs, outputs];
}

/**
 * The TF.js Layers form of an aecnn graph or module: a functional Keras topology (`Functional`, one Keras output
 * per exported graph output, in order, e.g. fusion → [latent, reconstruction, logits]) and its weights.
 */
export function toLayersArtifacts(model: GraphModule | Module, options: ExportOptions = {}): LayersArtifacts {
  checkKeys(options, EXPORT_KEYS, 'toLayersArtifacts');
  const g = new Graph(LEAKY_ALPHA);
  let inputs: Ref[];
  let outputs: Ref[];
  if (isGraphModule(model)) {
    [inputs, outputs] = wireGraph(
      g,
      model,
      chosenOutputs(model, options, 'toLayersArtifacts'),
      !!options.softmax,
    );
  } else {
    if (options.outputs !== undefined) {
      throw new Error(
        `toLayersArtifacts: outputs picks graph outputs; this ${model.kind} module has one output`,
      );
    }
    inputs = [g.input(model.inputShape)];
    outputs = [walkChain(g, model, '', inputs[0]!, 'exportLayersModel')];
    if (options.softmax) outputs[0] = g.softmax(outputs[0]!);
  }
  const name = options.name ?? (isGraphModule(model) ? (model.def.name ?? 'graph') : 'sequential');
  const modelTopology = {
    class_name: 'Functional',
    config: {
      name,
      layers: g.layers,
      input_layers: inputs.map(([layer, node]) => [layer, node, 0]),
      output_layers: outputs.map(([layer, node]) => [layer, node, 0]),
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

/** Names of the outputs that `toLayersArtifacts` exports with these options, in order. */
export function exportedOutputs(model: GraphModule | Module, options: ExportOptions = {}): string[] {
  return isGraphModule(model) ? chosenOutputs(model, options, 'exportedOutputs') : ['output'];
}

/**
 * Writes a TF.js Layers model (model.json with the Keras topology and weights manifest, plus weights) that
 * `tf.loadLayersModel` loads with the same outputs. `destination` is a tf.io handler (in Node: `fileHandler(dir)`
 * from `@aecnn/layers/node`) or a tf.io URL (`indexeddb://name`, `downloads://name`, `file://dir` once
 * `registerFileScheme()` from `@aecnn/layers/node` ran).
 */
export async function exportLayersModel(
  model: GraphModule | Module,
  destination: io.IOHandler | string,
  options: ExportOptions = {},
): Promise<io.SaveResult> {
  checkKeys(options, EXPORT_KEYS, 'exportLayersModel');
  const handler = resolveHandler(destination, 'save', 'exportLayersModel', 'handler');
  const a = toLayersArtifacts(model, options);
  return handler.save({
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs,
    weightData: a.weightData,
    format: 'layers-model',
    generatedBy: 'aecnn',
    convertedBy: null,
  });
}
