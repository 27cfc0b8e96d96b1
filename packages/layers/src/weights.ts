import type { DataType, Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ModuleTree, namedParams } from './params';
import { checkKeys, formatShape, sameShape } from './shape';

/** Every weight by path (`encoder/block1/conv/kernel`), as copies the caller owns (dispose them). */
export function getWeights(root: ModuleTree): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [path, v] of namedParams(root)) out[path] = tf.clone(v);
  return out;
}

/** Plain values with their shape and dtype (a checkpoint's arrays), assignable like a tensor. */
export interface WeightArray {
  readonly shape: readonly number[];
  readonly dtype: DataType;
  readonly values: Float32Array | Int32Array | Uint8Array;
}

/** What setWeights assigns to one parameter: a tensor (the caller keeps it) or plain values. */
export type WeightValue = Tensor | WeightArray;

/** One weight that does not fit, as setWeights reports it. */
export interface WeightProblem {
  /** The parameter's path (`encoder/conv1/kernel`), or the given name of an unexpected weight. */
  readonly path: string;
  /** Absent, of another shape or dtype (or a values array of another length), or not a parameter at all. */
  readonly kind: 'missing' | 'mismatch' | 'unexpected';
  /** The parameter's shape and dtype (unset when unexpected). */
  readonly expected?: { readonly shape: readonly number[]; readonly dtype: string };
  /** The given weight's shape and dtype (unset when missing). */
  readonly got?: { readonly shape: readonly number[]; readonly dtype: string };
}

/** Options of setWeights. */
export interface SetWeightsOptions {
  /** Reject weights the module does not have (default true). */
  strict?: boolean;
  /** Where the weights came from, for messages (a file, a handler). */
  source?: string;
  /** Who is assigning, in front of every message (default `setWeights`; e.g. `fit: resume: setWeights`). */
  where?: string;
  /** Words a problem in the caller's terms (an importer's names); undefined keeps the default line. */
  explain?: (problem: WeightProblem) => string | undefined;
}

const isArray = (w: WeightValue): w is WeightArray => ArrayBuffer.isView((w as Partial<WeightArray>).values);

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Every missing, mis-shaped, mis-typed and (when strict) unexpected weight, in parameter order. */
function problemsOf(
  params: ReadonlyMap<string, Variable>,
  weights: Readonly<Record<string, WeightValue>>,
  strict: boolean,
): WeightProblem[] {
  const problems: WeightProblem[] = [];
  for (const [path, v] of params) {
    const w = Object.hasOwn(weights, path) ? weights[path] : undefined;
    const expected = { shape: v.shape, dtype: v.dtype };
    if (w == null) {
      problems.push({ path, kind: 'missing', expected });
      continue;
    }
    const got = { shape: w.shape, dtype: w.dtype };
    const short = isArray(w) && w.values.length !== sizeOf(w.shape);
    if (short || !sameShape(w.shape, v.shape) || w.dtype !== v.dtype) {
      problems.push({ path, kind: 'mismatch', expected, got });
    }
  }
  if (strict) {
    for (const path of Object.keys(weights)) {
      if (!params.has(path)) problems.push({ path, kind: 'unexpected' });
    }
  }
  return problems;
}

/** The default line for one problem: `weight 'fc/kernel': expected [2, 3] float32, got [3, 3] float32`. */
function line(p: WeightProblem, weights: Readonly<Record<string, WeightValue>>): string {
  const want = p.expected && `${formatShape(p.expected.shape)} ${p.expected.dtype}`;
  if (p.kind === 'missing') return `missing weight '${p.path}' (expected ${want})`;
  if (p.kind === 'unexpected') return `unexpected weight '${p.path}' (the module has no such parameter)`;
  const w = weights[p.path]!;
  const count = isArray(w) && w.values.length !== sizeOf(w.shape) ? ` with ${w.values.length} values` : '';
  return `weight '${p.path}': expected ${want}, got ${formatShape(p.got!.shape)} ${p.got!.dtype}${count}`;
}

/**
 * The one check-and-assign path for parameters (loadModule, checkpoint restore and Keras import use it): checks
 * every weight's name, shape and dtype, then assigns them all; nothing is assigned if one is wrong. Errors list
 * every missing, mis-shaped or unexpected weight with what was expected. `root` is modules, or their
 * namedParams().
 */
export function setWeights(
  root: ModuleTree | ReadonlyMap<string, Variable>,
  weights: Readonly<Record<string, WeightValue>>,
  options: SetWeightsOptions = {},
): void {
  checkKeys(options, ['strict', 'source', 'where', 'explain'], 'setWeights');
  const { strict = true, source, where = 'setWeights', explain } = options;
  const params =
    root instanceof Map ? (root as ReadonlyMap<string, Variable>) : namedParams(root as ModuleTree);
  const problems = problemsOf(params, weights, strict);
  if (problems.length > 0) {
    const lines = problems.map((p) => explain?.(p) ?? line(p, weights));
    throw new Error(
      `${where}${source ? ` from ${source}` : ''}: ${problems.length} problem(s):\n  ${lines.join('\n  ')}`,
    );
  }
  tf.tidy(() => {
    for (const [path, v] of params) {
      const w = weights[path]!;
      v.assign(isArray(w) ? tf.tensor(w.values, w.shape.slice(), w.dtype) : w);
    }
  });
}
