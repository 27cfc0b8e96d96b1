import type { GraphNode, NodeSpec, SymbolicTensor } from './graph-types';
import type { Shape } from './module';
import { formatShape } from './shape';

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

/** The symbolic tensor of a graph input of `shape` (no batch), named when `name` is given; `input` checks both. */
export function symbolicInput(shape: Shape, name?: string): SymbolicTensor {
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
