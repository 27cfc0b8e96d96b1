import type {
  GraphCall,
  GraphDef,
  GraphLayer,
  GraphNode,
  GraphOptions,
  GraphRef,
  NameOption,
  NodeSpec,
  SymbolicOutputs,
  SymbolicTensor,
} from './graph-types';
import { checkKeys, formatShape, sameShape } from './shape';
import { checkName } from './spec';
import { checkSymbolic, isSymbolic } from './symbolic';

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
