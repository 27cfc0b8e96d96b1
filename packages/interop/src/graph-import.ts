import { build, type GraphModule, graph, input, type SymbolicTensor } from '@aecnn/layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assignKerasWeights } from './assign-weights';
import { fromKeras, type ImportedLayer, layerName } from './from-keras';
import type { KerasLayer } from './keras-types';

/** Where a tensor of a Keras graph comes from: a layer, which of its calls, which of that call's outputs. */
export type KerasRef = readonly [layer: string, node: number, tensor: number];

/** The inputs of one inbound node, in Keras 2 (`[[name, 0, 0, {}]]`) or Keras 3 (`keras_history`) form. */
export function nodeInputs(node: unknown): KerasRef[] {
  const out: KerasRef[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') out.push([v[0], v[1], Number(v[2] ?? 0)]);
      else v.forEach(visit);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const h = (o.config as { keras_history?: unknown[] } | undefined)?.keras_history;
      if (Array.isArray(h)) out.push([String(h[0]), Number(h[1] ?? 0), Number(h[2] ?? 0)]);
      else if (o.args) visit(o.args);
    }
  };
  visit(node);
  return out;
}

/** A Keras name as an aecnn name (letters, digits, '_', '.', '-'). */
const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '_');

/**
 * Rebuilds a Keras Functional topology as an aecnn graph: one spec per Keras layer, applied once per inbound node
 * (a shared layer keeps one set of weights), inputs and outputs in the model's order. Outputs are named after their
 * Keras layers; a model with one output gives a graph with the single output `output`.
 */
export function graphFromKeras(
  layers: readonly KerasLayer[],
  inputs: readonly KerasRef[],
  outputs: readonly KerasRef[],
  name: string,
  weights: ReadonlyMap<string, Tensor>,
): GraphModule {
  const byName = new Map(layers.map((l) => [layerName(l), l]));
  const specs = new Map<string, ImportedLayer>();
  const memo = new Map<string, SymbolicTensor>();
  const layerOf = (n: string) => {
    const l = byName.get(n);
    if (!l) throw new Error(`importLayersModel: layer '${n}' is referenced but not defined`);
    return l;
  };
  const tensor = ([n, node, index]: KerasRef): SymbolicTensor => {
    if (index !== 0) throw new Error(`importLayersModel: layer '${n}' has several outputs; not supported`);
    const key = `${n}:${node}`;
    const known = memo.get(key);
    if (known) return known;
    const l = layerOf(n);
    let t: SymbolicTensor;
    if (l.class_name === 'InputLayer') {
      const b = (l.config.batch_input_shape ?? l.config.batch_shape) as unknown[] | undefined;
      if (!Array.isArray(b)) throw new Error(`importLayersModel: input '${n}' declares no shape`);
      t = input(b.slice(1).map(Number), { name: safe(n) });
    } else {
      const node0 = l.inbound_nodes?.[node];
      if (node0 === undefined) throw new Error(`importLayersModel: layer '${n}' has no inbound node ${node}`);
      const from = nodeInputs(node0).map(tensor);
      let imp = specs.get(n);
      if (!imp) {
        imp = fromKeras(l);
        specs.set(n, imp);
      }
      t = 'arity' in imp.spec ? imp.spec.apply(from) : imp.spec.apply(from[0]!);
    }
    memo.set(key, t);
    return t;
  };
  const ins = inputs.map(tensor);
  const outs = outputs.map(tensor);
  const named =
    outs.length === 1
      ? outs[0]!
      : Object.fromEntries(outs.map((t, i) => [safe(outputs[i]![0]), t] as [string, SymbolicTensor]));
  const module = build(graph({ inputs: ins, outputs: named, name: safe(name) }), { seed: 0 });
  assignKerasWeights(module, [...specs.values()], weights);
  return module;
}
