import { type GraphCall, type GraphModule, type GraphRef, isGraphModule, type Module } from '@aecnn/layers';

/**
 * What a walk over a built model emits, over values of type `T` (an exporter's handle on one tensor): leaf calls.
 * Nested graphs and containers are flattened by the walk; a leaf called twice (a shared layer) is passed twice.
 */
export interface LeafEmitter<T> {
  /** Emits leaf `m` (no children) at `path`, called on `inputs` (one per input of a merge, else one). */
  leaf(m: Module, path: string, inputs: readonly T[]): T;
}

/** Walks module `m` (a leaf, a container chaining its children, or a one-output graph) called on `from`. */
export function walkChain<T>(e: LeafEmitter<T>, m: Module, path: string, from: T, where: string): T {
  if (isGraphModule(m)) return walkGraph(e, m, path, [from], undefined, where).output!;
  const kids = Object.entries(m.children);
  if (kids.length === 0) return e.leaf(m, path, [from]);
  if (Object.keys(m.params).length > 0) {
    throw new Error(`${where}: '${path}' (${m.kind}) has both parameters and children; cannot flatten it`);
  }
  let prev = from;
  for (const [name, child] of kids) prev = walkChain(e, child, `${path}/${name}`, prev, where);
  return prev;
}

/**
 * Walks graph `g` called on `inputs` (one per graph input, in order) and returns its outputs `names` (default all;
 * `output` for a one-tensor graph). Only calls that feed those outputs are walked, so added loss terms drop out.
 */
export function walkGraph<T>(
  e: LeafEmitter<T>,
  g: GraphModule,
  path: string,
  inputs: readonly T[],
  names: readonly string[] = Object.keys(g.def.outputs),
  where = 'export',
): Record<string, T> {
  const { def } = g;
  const values = new Map<GraphCall, T | Record<string, T>>();
  const get = (ref: GraphRef): T => {
    if ('input' in ref) return inputs[def.inputs.findIndex((i) => i.name === ref.input)]!;
    const v = values.get(ref.call)!;
    return ref.output !== undefined ? (v as Record<string, T>)[ref.output]! : (v as T);
  };
  const todo = new Set<GraphCall>();
  const mark = (ref: GraphRef): void => {
    if ('input' in ref || todo.has(ref.call)) return;
    todo.add(ref.call);
    ref.call.inputs.forEach(mark);
  };
  for (const name of names) mark(def.outputs[name]!);
  for (const call of def.calls) {
    if (!todo.has(call)) continue;
    const m = g.children[call.layer.name]!;
    const at = `${path}/${call.layer.name}`;
    const args = call.inputs.map(get);
    if (isGraphModule(m)) {
      const out = walkGraph(e, m, at, args, undefined, where);
      values.set(call, m.def.single ? out.output! : out);
    } else values.set(call, m.inputShapes ? e.leaf(m, at, args) : walkChain(e, m, at, args[0]!, where));
  }
  return Object.fromEntries(names.map((name) => [name, get(def.outputs[name]!)]));
}

/** Unique names from paths (characters outside `allowed` become `_`; a repeat gets `_1`, `_2`, ...). */
export class UniqueNames {
  private readonly used = new Set<string>();

  constructor(private readonly allowed: RegExp = /[^A-Za-z0-9_]+/g) {}

  /** A name not taken yet, from `path` (`fallback` when nothing is left of it). */
  take(path: string, fallback = 'layer'): string {
    const base = path.replace(this.allowed, '_').replace(/^_+/, '') || fallback;
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Marks `name` as taken. */
  add(name: string): void {
    this.used.add(name);
  }
}
