import type { GraphSpec } from './graph-spec';
import type { Shape } from './module';
import { checkKeys, checkShape, formatShape } from './shape';
import { checkName, type LayerSpec, type MultiInputSpec } from './spec';

/** Anything that can be applied in a graph: a layer, a multi-input layer, or a graph. */
export type NodeSpec = LayerSpec | MultiInputSpec | GraphSpec;

/** One application of a spec to symbolic inputs (or a graph input, which has no spec). */
export interface GraphNode {
  /** The applied spec; absent for a graph input. */
  readonly spec?: NodeSpec;
  /** The symbolic tensors it was applied to. */
  readonly inputs: readonly SymbolicTensor[];
  /** The name given to `input(shape, { name })`. */
  readonly inputName?: string;
}

/**
 * A tensor of a graph under construction: its shape (no batch) is known at once, its values only when the built
 * graph runs. Made by `input(shape)` and by applying layers (`dense({ units: 10 }).apply(x)`).
 */
export interface SymbolicTensor {
  /** Shape without the batch dimension ([] for one value per sample). */
  readonly shape: Shape;
  /** The node that computes it. */
  readonly node: GraphNode;
  /** Which named output of a nested graph it is; absent for a layer's single output. */
  readonly output?: string;
}

/** Options of `input`. */
export interface InputOptions {
  /** The input's name, as the graph's forward call and its config know it (default `input`, `input2`, ...). */
  name?: string;
}

const SYMBOLIC = new WeakSet<object>();

/** Whether `x` is a symbolic tensor (from `input` or a layer's `apply`). */
export function isSymbolic(x: unknown): x is SymbolicTensor {
  return typeof x === 'object' && x !== null && SYMBOLIC.has(x);
}

function symbolic(shape: Shape, node: GraphNode, output?: string): SymbolicTensor {
  const t: SymbolicTensor = Object.freeze({
    shape: Object.freeze([...shape]),
    node,
    ...(output !== undefined ? { output } : {}),
  });
  SYMBOLIC.add(t);
  return t;
}

/**
 * A graph input of `shape` (no batch): the start of a functional model.
 * @example const x = input([28, 28, 1]); const y = dense({ units: 10 }).apply(flatten().apply(x));
 */
export function input(shape: Shape, options: InputOptions = {}): SymbolicTensor {
  checkShape(shape, 'input');
  checkKeys(options, ['name'], 'input');
  const name = checkName(options.name, 'input');
  return symbolic(shape, Object.freeze({ inputs: [], ...(name ? { inputName: name } : {}) }));
}

/** Throws unless every entry of `xs` is a symbolic tensor; says what to do with a real tensor. */
export function checkSymbolic(kind: string, xs: readonly unknown[], n: number): SymbolicTensor[] {
  for (const [i, x] of xs.entries()) {
    if (!isSymbolic(x)) {
      const what =
        x != null && typeof x === 'object' && 'dataId' in x
          ? `a tf.Tensor of shape ${formatShape((x as unknown as { shape: number[] }).shape)}; to run on values, build the model and call its apply or forward`
          : typeof x;
      throw new Error(
        `${kind}.apply: ${n > 1 ? `input ${i}` : 'the input'} must be a symbolic tensor from input() or another layer's apply, got ${what}`,
      );
    }
  }
  return xs as SymbolicTensor[];
}

/** Records the application of `spec` to `inputs`; returns its output(s) with the given shape(s). */
export function symbolicCall(
  spec: NodeSpec,
  inputs: readonly SymbolicTensor[],
  shapes: Shape | Readonly<Record<string, Shape>>,
): SymbolicTensor | Record<string, SymbolicTensor> {
  const node: GraphNode = Object.freeze({ spec, inputs: Object.freeze([...inputs]) });
  if (Array.isArray(shapes)) return symbolic(shapes as Shape, node);
  return Object.fromEntries(
    Object.entries(shapes as Record<string, Shape>).map(([name, s]) => [name, symbolic(s, node, name)]),
  );
}
