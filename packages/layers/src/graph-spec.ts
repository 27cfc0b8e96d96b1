import { buildGraph } from './graph-module';
import { resolveGraph } from './graph-resolve';
import type { GraphDef, GraphOptions, GraphSpec, SymbolicOutputs, SymbolicTensor } from './graph-types';
import type { Shape } from './module';
import { checkKeys, checkShape, formatShape, sameShape } from './shape';
import { checkName } from './spec';
import { checkSymbolic, isSymbolic, symbolicCall, symbolicInput } from './symbolic';

/** Options of `input`. */
export interface InputOptions {
  /** The input's name, as the graph's forward call and its config know it (default `input`, `input2`, ...). */
  name?: string;
}

/**
 * A graph input of `shape` (no batch): the start of a functional model.
 * @example const x = input([28, 28, 1]); const y = dense({ units: 10 }).apply(flatten().apply(x));
 */
export function input(shape: Shape, options: InputOptions = {}): SymbolicTensor {
  checkShape(shape, 'input');
  checkKeys(options, ['name'], 'input');
  return symbolicInput(shape, checkName(options.name, 'input'));
}

function oneInOneOut(def: GraphDef, what: string): void {
  const n = Object.keys(def.outputs).length;
  if (def.inputs.length !== 1 || n !== 1) {
    throw new Error(
      `graph${def.name ? ` (${def.name})` : ''}: ${what} needs one input and one output, this graph has ` +
        `${def.inputs.length} inputs and ${n} outputs; apply it inside a graph instead`,
    );
  }
}

/** Makes the spec of a resolved graph. */
export function graphSpec<T extends SymbolicOutputs>(def: GraphDef): GraphSpec<T> {
  const where = `graph${def.name ? ` (${def.name})` : ''}`;
  const declared = def.inputs[0]!.shape;
  const checkChainShape = (inputShape: Shape) => {
    oneInOneOut(def, 'a sequential');
    if (!sameShape(inputShape, declared)) {
      throw new Error(
        `${where}: expected input ${formatShape(declared, true)}, got ${formatShape(inputShape, true)}`,
      );
    }
  };
  const spec: GraphSpec<T> = {
    kind: 'graph',
    options: def.name ? { name: def.name } : {},
    def,
    outputShape(inputShape) {
      checkChainShape(inputShape);
      return Object.values(def.shapes)[0]!;
    },
    buildGraph: (ctx) => buildGraph(def, ctx),
    build(inputShape, ctx) {
      checkChainShape(inputShape);
      return buildGraph(def, ctx);
    },
    apply(given) {
      const list = isSymbolic(given)
        ? [given]
        : Array.isArray(given)
          ? given
          : def.inputs.map(({ name }) => {
              const t = (given as Record<string, SymbolicTensor>)?.[name];
              if (t === undefined) throw new Error(`${where}.apply: missing input '${name}'`);
              return t;
            });
      const xs = checkSymbolic(where, list, def.inputs.length);
      if (xs.length !== def.inputs.length) {
        throw new Error(`${where}.apply: expected ${def.inputs.length} inputs, got ${xs.length}`);
      }
      xs.forEach((x, i) => {
        const { name, shape } = def.inputs[i]!;
        if (!sameShape(x.shape, shape)) {
          throw new Error(
            `${where}.apply: input '${name}' expects ${formatShape(shape)}, got ${formatShape(x.shape)}`,
          );
        }
      });
      return symbolicCall(spec, xs, def.single ? def.shapes.output! : def.shapes) as T;
    },
  };
  return spec;
}

/**
 * A functional model: wire layers on symbolic tensors from `input()`, then name its inputs and outputs.
 * Outputs may have any names; a layer applied twice shares its weights; graphs nest in graphs and sequentials.
 * @example
 * const x = input([28, 28, 1]);
 * const h = conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(x);
 * const model = build(graph({ inputs: x, outputs: { logits: dense({ units: 10 }).apply(flatten().apply(h)) } }), { seed: 1 });
 */
export function graph<T extends SymbolicOutputs>(options: GraphOptions<T>): GraphSpec<T> {
  return graphSpec<T>(resolveGraph(options));
}
