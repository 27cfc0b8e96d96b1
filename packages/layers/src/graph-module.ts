import { type Tensor, tidy } from '@tensorflow/tfjs-core';
import { checkInput } from './define-module';
import { graphSummary } from './graph-summary';
import {
  type BuildContext,
  type GraphCall,
  type GraphDef,
  type GraphInputs,
  type GraphModule,
  type GraphRef,
  isGraphSpec,
  type NodeSpec,
} from './graph-types';
import type { ForwardContext, ModelOutput, Module, ModuleConfig, Shape } from './module';
import { disposeParams, paramCount } from './params';
import { deriveSeed } from './rng';
import { childContext } from './spec';

/** Whether `m` is a built graph. */
export function isGraphModule(m: unknown): m is GraphModule {
  return m != null && (m as GraphModule).kind === 'graph' && typeof (m as GraphModule).forward === 'function';
}

function buildLayer(spec: NodeSpec, shapes: readonly Shape[], ctx: BuildContext): Module {
  if (isGraphSpec(spec)) return spec.buildGraph(ctx);
  if ('arity' in spec) return spec.build(shapes, ctx);
  return spec.build(shapes[0]!, ctx);
}

function refJson(ref: GraphRef): (string | number)[] {
  if ('input' in ref) return [ref.input];
  return [ref.call.layer.name, ref.call.index, ...(ref.output !== undefined ? [ref.output] : [])];
}

/** The graph's JSON config: its inputs, each layer's config and calls, its outputs and loss terms. */
function graphConfig(def: GraphDef, children: Record<string, Module>): ModuleConfig {
  const record = (refs: Readonly<Record<string, GraphRef>>) =>
    Object.fromEntries(Object.entries(refs).map(([n, r]) => [n, refJson(r)]));
  return {
    kind: 'graph',
    ...(def.name ? { name: def.name } : {}),
    inputs: def.inputs.map(({ name, shape }) => ({ name, shape: [...shape] })),
    layers: def.layers.map((l) => ({
      name: l.name,
      layer: children[l.name]!.config,
      calls: l.calls.map((c) => c.inputs.map(refJson)),
    })),
    outputs: def.single ? refJson(def.outputs.output!) : record(def.outputs),
    ...(Object.keys(def.losses).length > 0 ? { losses: record(def.losses) } : {}),
  };
}

/** Builds a resolved graph: every distinct layer once (child context = its name), the config, the forward. */
export function buildGraph(def: GraphDef, ctx: BuildContext): GraphModule {
  const where = `graph (${ctx.path})`;
  const children: Record<string, Module> = {};
  try {
    for (const l of def.layers) {
      children[l.name] = buildLayer(l.spec, l.calls[0]!.inputShapes, childContext(ctx, l.name));
    }
  } catch (err) {
    disposeParams(children);
    throw err;
  }
  const outputNames = Object.keys(def.outputs);
  const lossNames = Object.keys(def.losses);
  const refOf = (name: string): GraphRef => (def.outputs[name] ?? def.losses[name])!;
  const inputNames = def.inputs.map((i) => i.name);

  const inputList = (x: GraphInputs): readonly Tensor[] => {
    const list: readonly Tensor[] = Array.isArray(x)
      ? x
      : x != null && typeof x === 'object' && 'dataId' in x
        ? [x as Tensor]
        : inputNames.map((n) => {
            const t = (x as Record<string, Tensor>)?.[n];
            if (t === undefined) throw new Error(`${where}: forward is missing input '${n}'`);
            return t;
          });
    if (list.length !== def.inputs.length) {
      throw new Error(
        `${where}: expected ${def.inputs.length} inputs (${inputNames.join(', ')}), got ${list.length}`,
      );
    }
    list.forEach((t, i) => {
      checkInput('graph', `${ctx.path}, input '${inputNames[i]}'`, def.inputs[i]!.shape, t);
      if (t.shape[0] !== list[0]!.shape[0]) {
        throw new Error(
          `${where}: input '${inputNames[i]}' has a batch of ${t.shape[0]}, '${inputNames[0]}' of ${list[0]!.shape[0]}`,
        );
      }
    });
    return list;
  };

  const needed = (names: readonly string[]): Set<GraphCall> => {
    const out = new Set<GraphCall>();
    const mark = (ref: GraphRef) => {
      if ('input' in ref || out.has(ref.call)) return;
      out.add(ref.call);
      for (const r of ref.call.inputs) mark(r);
    };
    for (const n of names) mark(refOf(n));
    return out;
  };

  const forward = (x: GraphInputs, fctx: ForwardContext, asked?: readonly string[]): ModelOutput => {
    if (fctx == null || typeof fctx.training !== 'boolean') {
      throw new Error(
        `${where}: forward(x, ctx) needs ctx.training (true or false), got ${JSON.stringify(fctx)}`,
      );
    }
    if (asked !== undefined && !Array.isArray(asked)) {
      throw new Error(`${where}: outputs must be a list like ['logits'], got ${JSON.stringify(asked)}`);
    }
    const names = asked ?? [...outputNames, ...lossNames];
    for (const n of names) {
      if (!(n in def.outputs) && !(n in def.losses)) {
        throw new Error(
          `${where}: unknown output '${n}'; this graph has ${[...outputNames, ...lossNames].join(', ')}`,
        );
      }
    }
    const xs = inputList(x);
    const todo = needed(names);
    return tidy(() => {
      const values = new Map<GraphCall, Tensor | ModelOutput>();
      const get = (ref: GraphRef): Tensor => {
        if ('input' in ref) return xs[inputNames.indexOf(ref.input)]!;
        const v = values.get(ref.call)!;
        return (ref.output !== undefined ? (v as ModelOutput)[ref.output] : v) as Tensor;
      };
      for (const call of def.calls) {
        if (!todo.has(call)) continue;
        const { name } = call.layer;
        const m = children[name]!;
        const args = call.inputs.map(get);
        const seed =
          fctx.seed === undefined
            ? undefined
            : deriveSeed(fctx.seed, call.index ? `${name}#${call.index}` : name);
        const c: ForwardContext = { training: fctx.training, seed };
        if (isGraphModule(m)) {
          const out = m.forward(args, c);
          values.set(call, m.def.single ? out.output! : out);
        } else values.set(call, m.inputShapes ? m.applyAll!(args, c) : m.apply(args[0]!, c));
      }
      return Object.fromEntries(names.map((n) => [n, get(refOf(n))])) as Record<string, Tensor>;
    }) as ModelOutput;
  };

  const only = (call: string) => {
    if (outputNames.length !== 1) {
      throw new Error(
        `${where}: ${call} returns one tensor, but this graph has outputs ${outputNames.join(', ')}; use forward`,
      );
    }
    return outputNames[0]!;
  };
  const config = graphConfig(def, children);
  const module: GraphModule = {
    kind: 'graph',
    config,
    def,
    inputShape: Object.freeze([...def.inputs[0]!.shape]),
    ...(def.inputs.length > 1
      ? { inputShapes: Object.freeze(def.inputs.map((i) => Object.freeze([...i.shape]))) }
      : {}),
    outputShape: Object.freeze([...def.shapes[outputNames[0]!]!]),
    outputShapes: Object.freeze({ ...def.shapes }),
    params: Object.freeze({}),
    children: Object.freeze({ ...children }),
    modules: Object.freeze({ ...children }),
    inputNames: Object.freeze(inputNames),
    outputNames: Object.freeze(outputNames),
    lossNames: Object.freeze(lossNames),
    forward,
    apply(x, fctx) {
      if (def.inputs.length !== 1)
        throw new Error(`${where}: takes ${def.inputs.length} inputs; use forward or applyAll`);
      const n = only('apply');
      return forward(x, fctx, [n])[n]!;
    },
    ...(def.inputs.length > 1
      ? {
          applyAll(xs: readonly Tensor[], fctx: ForwardContext) {
            const n = only('applyAll');
            return forward(xs, fctx, [n])[n]!;
          },
        }
      : {}),
    summary: () => graphSummary(module),
    paramCount: () => paramCount(module),
  };
  return module;
}
