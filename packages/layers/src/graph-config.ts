import { resolveGraph } from './graph-resolve';
import { graphSpec, input } from './graph-spec';
import { type GraphSpec, isGraphSpec, type NodeSpec, type SymbolicTensor } from './graph-types';
import type { ModuleConfig, Shape } from './module';
import { checkKeys } from './shape';

type Ref = readonly (string | number)[];

interface LayerEntry {
  name: string;
  layer: ModuleConfig;
  calls: Ref[][];
}

const bad = (what: string): never => {
  throw new Error(`fromConfig (graph): ${what}`);
};

/**
 * Rebuilds a graph spec from its config (`toConfig` of a built graph): the same layer names, calls and outputs.
 * `specOf` turns a layer's config into its spec. Throws naming the layer for unknown references and cycles.
 */
export function graphFromConfig(config: ModuleConfig, specOf: (c: ModuleConfig) => NodeSpec): GraphSpec {
  checkKeys(config, ['kind', 'name', 'inputs', 'layers', 'outputs', 'losses'], 'fromConfig (graph)');
  const { inputs, layers, outputs, losses, name } = config as {
    inputs?: { name: string; shape: Shape }[];
    layers?: LayerEntry[];
    outputs?: Ref | Record<string, Ref>;
    losses?: Record<string, Ref>;
    name?: string;
  };
  if (!Array.isArray(inputs) || inputs.length === 0)
    bad("needs a non-empty 'inputs' list of { name, shape }");
  if (!Array.isArray(layers)) bad("needs a 'layers' list of { name, layer, calls }");
  if (outputs == null || typeof outputs !== 'object') bad("needs 'outputs'");
  const values = new Map<string, SymbolicTensor | Record<string, SymbolicTensor>>();
  const inputTensors = inputs!.map((i) => {
    const t = input(i.shape, { name: i.name });
    values.set(i.name, t);
    return t;
  });
  const entries = layers!.map((l) => {
    if (l == null || typeof l.name !== 'string' || !Array.isArray(l.calls) || l.calls.length === 0) {
      bad(`each layer needs { name, layer, calls: [...] }, got ${JSON.stringify(l)}`);
    }
    if (values.has(l.name) || layers!.filter((o) => o.name === l.name).length > 1)
      bad(`the name '${l.name}' is used twice`);
    return { ...l, spec: specOf(l.layer), done: 0 };
  });
  const known = new Set([...inputs!.map((i) => i.name), ...entries.map((e) => e.name)]);
  const key = (ref: Ref) => (ref.length === 1 ? String(ref[0]) : `${ref[0]}#${ref[1]}`);
  const resolve = (ref: Ref, from: string): SymbolicTensor | undefined => {
    if (!Array.isArray(ref) || !known.has(String(ref[0])))
      bad(`${from} refers to ${JSON.stringify(ref)}, which is no input or layer`);
    const v = values.get(key(ref));
    if (v === undefined) return undefined;
    if (ref.length > 2) {
      const t = (v as Record<string, SymbolicTensor>)[String(ref[2])];
      if (t === undefined) bad(`${from} refers to output '${ref[2]}' of ${ref[0]}, which has no such output`);
      return t;
    }
    return v as SymbolicTensor;
  };
  // Replay the calls in an order where every input exists; a pass that makes no progress means a cycle.
  let pending = entries.reduce((n, e) => n + e.calls.length, 0);
  while (pending > 0) {
    let progressed = false;
    for (const e of entries) {
      while (e.done < e.calls.length) {
        const from = `layer '${e.name}' call ${e.done}`;
        const args = e.calls[e.done]!.map((r) => resolve(r, from));
        if (args.some((a) => a === undefined)) break;
        const ts = args as SymbolicTensor[];
        const out =
          'arity' in e.spec
            ? e.spec.apply(ts)
            : isGraphSpec(e.spec)
              ? e.spec.apply(ts)
              : e.spec.apply(ts[0]!);
        values.set(`${e.name}#${e.done}`, out as SymbolicTensor);
        if (e.done === 0) values.set(e.name, out as SymbolicTensor);
        e.done++;
        pending--;
        progressed = true;
      }
    }
    if (!progressed) {
      const stuck = entries.find((e) => e.done < e.calls.length)!;
      bad(`layer '${stuck.name}' call ${stuck.done} waits on a value that needs it: the graph has a cycle`);
    }
  }
  const record = (rec: Record<string, Ref>, what: string) =>
    Object.fromEntries(Object.entries(rec).map(([n, r]) => [n, resolve(r, `${what} '${n}'`)!]));
  const outs = Array.isArray(outputs)
    ? resolve(outputs as Ref, 'the output')!
    : record(outputs as Record<string, Ref>, 'output');
  const names = new Map<NodeSpec, string>(entries.map((e) => [e.spec, e.name]));
  return graphSpec(
    resolveGraph(
      {
        inputs: inputTensors,
        outputs: outs,
        ...(losses ? { losses: record(losses, 'loss') } : {}),
        ...(name ? { name } : {}),
      },
      names,
    ),
  );
}
