import { LEAKY_ALPHA, type Model, type Module } from '@aecnn/layers';
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

/** Leaves of a module tree in call order, with their paths; containers chain their children in order. */
function leaves(m: Module, path: string, out: Array<{ path: string; module: Module }>): void {
  const kids = Object.entries(m.children);
  if (kids.length === 0) {
    out.push({ path, module: m });
    return;
  }
  if (Object.keys(m.params).length > 0) {
    throw new Error(
      `exportLayersModel: '${path}' (${m.kind}) has both parameters and children; cannot flatten it`,
    );
  }
  for (const [name, child] of kids) leaves(child, `${path}/${name}`, out);
}

/** A functional-model builder: appends layers in chains and tracks unique names. */
class Graph {
  readonly layers: KerasLayer[] = [];
  readonly weights: NamedWeight[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly leakyAlpha: number) {}

  unique(path: string): string {
    const base = path.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+/, '') || 'layer';
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(shape: readonly number[]): string {
    const name = this.unique('input');
    this.layers.push({
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, ...shape], dtype: 'float32', sparse: false, name },
      name,
      inbound_nodes: [],
    });
    return name;
  }

  /** Appends the leaves of `m` after layer `from`; returns the name of the last layer. */
  chain(m: Module, path: string, from: string): string {
    const list: Array<{ path: string; module: Module }> = [];
    leaves(m, path, list);
    let prev = from;
    for (const leaf of list) {
      const piece = leafToKeras(leaf.module, this.unique(leaf.path), this.leakyAlpha);
      for (const layer of piece.layers) {
        const name = String(layer.config.name);
        this.used.add(name);
        this.layers.push({ ...layer, name, inbound_nodes: [[[prev, 0, 0, {}]]] });
        prev = name;
      }
      this.weights.push(...piece.weights);
    }
    return prev;
  }

  softmax(from: string): string {
    const name = this.unique('probabilities');
    this.layers.push({
      class_name: 'Activation',
      config: { name, trainable: true, dtype: 'float32', activation: 'softmax' },
      name,
      inbound_nodes: [[[from, 0, 0, {}]]],
    });
    return name;
  }
}

/** Output layer names of a model by head; an encoder feeds every other module, otherwise modules chain. */
function wire(g: Graph, model: Model, input: string, options: ExportOptions): Array<[string, string]> {
  const entries = Object.entries(model.modules);
  const outputs: Array<[string, string]> = [];
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

function isModel(x: Model | Module): x is Model {
  return (x as Model).modules !== undefined && typeof (x as Model).forward === 'function';
}

/**
 * The TF.js Layers form of an aecnn model or module: a functional Keras topology (`Functional`, one output
 * per head for models with several heads, e.g. fusion → [reconstruction, logits]) and its weights.
 */
export function toLayersArtifacts(model: Model | Module, options: ExportOptions = {}): LayersArtifacts {
  const g = new Graph(LEAKY_ALPHA);
  const input = g.input(model.inputShape);
  const outputs = isModel(model)
    ? wire(g, model, input, options)
    : [['output', g.chain(model, '', input)] as [string, string]];
  if (!isModel(model) && options.softmax) outputs[0]![1] = g.softmax(outputs[0]![1]);
  const name = options.name ?? (isModel(model) ? model.kind : 'sequential');
  const modelTopology = {
    class_name: 'Functional',
    config: {
      name,
      layers: g.layers,
      input_layers: [[input, 0, 0]],
      output_layers: outputs.map(([, layer]) => [layer, 0, 0]),
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
