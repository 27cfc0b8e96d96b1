import {
  build,
  checkWeightBytes,
  type GraphModule,
  type Module,
  resolveHandler,
  type Shape,
  sequential,
} from '@aecnn/layers';
import { io } from '@tensorflow/tfjs-core';
import { assignKerasWeights } from './assign-weights';
import { fromKeras, type ImportedLayer, layerName } from './from-keras';
import { graphFromKeras, type KerasRef, nodeInputs } from './graph-import';
import type { KerasLayer } from './keras-types';

interface Topology {
  layers: KerasLayer[];
  /** A Functional model's input and output refs; absent for a Sequential. */
  graph?: { inputs: KerasRef[]; outputs: KerasRef[] };
  inputShape: number[] | undefined;
  outputs: string[];
  name: string;
}

const asShape = (s: unknown): number[] | undefined =>
  Array.isArray(s) && s.length > 1 ? (s.slice(1) as unknown[]).map(Number) : undefined;

function inputShapeOf(l: KerasLayer): number[] | undefined {
  return asShape(l.config?.batch_input_shape) ?? asShape(l.config?.batch_shape);
}

/** Names of the layers feeding `l`, in Keras 2 (`[[name, 0, 0, {}]]`) or Keras 3 (`keras_history`) form. */
function inbound(l: KerasLayer): string[] {
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(visit);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const cfg = o.config as Record<string, unknown> | undefined;
      if (Array.isArray(cfg?.keras_history)) names.push(String(cfg.keras_history[0]));
      else if (o.args) visit(o.args);
    }
  };
  visit(l.inbound_nodes ?? []);
  return names;
}

/** Reads the topology of a Sequential or Functional model, either Keras version. */
function parseTopology(json: unknown): Topology {
  const root = (json as { model_config?: unknown }).model_config ?? json;
  const t = root as { class_name?: string; config?: Record<string, unknown> };
  if (!t?.class_name || !t.config) {
    throw new Error(
      'importLayersModel: modelTopology has no class_name/config; is this a TF.js Layers model.json?',
    );
  }
  const cfg = t.config;
  const list = (Array.isArray(cfg) ? cfg : cfg.layers) as KerasLayer[] | undefined;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error(`importLayersModel: ${t.class_name} model has no layers`);
  const name = String((cfg as { name?: string }).name ?? 'model');
  if (t.class_name === 'Sequential') {
    const first = list[0]!;
    const inputShape =
      inputShapeOf(first) ?? asShape((cfg as { build_input_shape?: unknown }).build_input_shape);
    const layers = list.filter((l) => l.class_name !== 'InputLayer');
    return { layers, inputShape, outputs: [layerName(layers[layers.length - 1]!)], name };
  }
  if (t.class_name !== 'Functional' && t.class_name !== 'Model') {
    throw new Error(
      `importLayersModel: model class '${t.class_name}' is not supported; expected Sequential or Functional`,
    );
  }
  const inputs = list.filter((l) => l.class_name === 'InputLayer');
  if (inputs.length === 0) throw new Error('importLayersModel: the model has no input layer');
  const refs = (v: unknown, label: string): KerasRef[] => {
    const r = nodeInputs(v ?? []);
    if (r.length === 0) throw new Error(`importLayersModel: the model declares no ${label}`);
    return r;
  };
  const graph = {
    inputs: refs((cfg as { input_layers?: unknown }).input_layers, 'input_layers'),
    outputs: refs((cfg as { output_layers?: unknown }).output_layers, 'output_layers'),
  };
  const outputs = graph.outputs.map(([layer]) => layer);
  return { layers: list, inputShape: inputShapeOf(inputs[0]!), outputs, name, graph };
}

/** Whether a Functional model is more than one chain: several inputs or outputs, merges or shared layers. */
function needsGraph(top: Topology): boolean {
  if (top.graph!.inputs.length !== 1 || top.graph!.outputs.length !== 1) return true;
  return top.layers.some((l) => {
    const nodes = l.inbound_nodes ?? [];
    return nodes.length > 1 || nodes.some((n) => nodeInputs(n).length > 1);
  });
}

/** The chain of layer names from a one-input, one-output functional model's input to `out`. */
function chainTo(top: Topology, out: string): string[] {
  const byName = new Map(top.layers.map((l) => [layerName(l), l]));
  const chain: string[] = [];
  for (let cur: string | undefined = out; cur !== undefined; ) {
    const l = byName.get(cur);
    if (!l) throw new Error(`importLayersModel: layer '${cur}' is referenced but not defined`);
    if (l.class_name === 'InputLayer') break;
    chain.unshift(cur);
    cur = inbound(l)[0];
  }
  return chain;
}

function buildChain(layers: ImportedLayer[], inputShape: Shape, name: string): Module {
  return build(
    sequential(
      layers.map((l) => {
        if ('arity' in l.spec)
          throw new Error(`importLayersModel: merge layer '${l.name}' needs a graph; it has one input here`);
        return l.spec;
      }),
      { name },
    ),
    inputShape,
    { seed: 0 },
  );
}

/**
 * Builds an aecnn module from TF.js Layers artifacts (Sequential or Functional; Keras 2 `batch_input_shape` or
 * Keras 3 `batch_shape`). A Functional model with several inputs or outputs, merges or shared layers gives a
 * GraphModule (outputs named after their Keras layers); a chain of layers gives a Module (a sequential).
 */
export function fromLayersArtifacts(artifacts: io.ModelArtifacts): Module | GraphModule {
  if (artifacts.modelTopology == null || typeof artifacts.modelTopology !== 'object') {
    throw new Error(
      'importLayersModel: the model has no modelTopology (a weights manifest alone, or not a TF.js Layers model.json)',
    );
  }
  const top = parseTopology(artifacts.modelTopology);
  if (!top.inputShape)
    throw new Error('importLayersModel: the model declares no input shape (batch_input_shape/batch_shape)');
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData ? io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
  checkWeightBytes(specs, data.byteLength, 'importLayersModel');
  const decoded = data.byteLength > 0 ? io.decodeWeights(data, specs) : {};
  const weights = new Map(Object.entries(decoded));
  const byName = new Map(top.layers.map((l) => [layerName(l), l]));
  try {
    if (top.graph && needsGraph(top)) {
      return graphFromKeras(top.layers, top.graph.inputs, top.graph.outputs, top.name, weights);
    }
    const names = top.layers.filter((l) => l.class_name !== 'InputLayer').map(layerName);
    const out = top.outputs[0];
    const chain = out !== undefined && byName.get(out)?.inbound_nodes ? chainTo(top, out) : names;
    const layers = chain.map((n) => fromKeras(byName.get(n)!));
    const module = buildChain(layers, top.inputShape, top.name);
    assignKerasWeights(module, layers, weights);
    return module;
  } finally {
    for (const t of weights.values()) t.dispose();
  }
}

/** Loads a TF.js Layers model through a tf.io handler or URL (files, IndexedDB, memory, http) into aecnn modules. */
export async function importLayersModel(source: io.IOHandler | string): Promise<Module | GraphModule> {
  return fromLayersArtifacts(await resolveHandler(source, 'load', 'importLayersModel', 'handler').load());
}
