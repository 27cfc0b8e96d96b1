import * as tf from '@tensorflow/tfjs-core';

/** Which tfjs-core optimizer to use and its settings (learning rate comes from `fit`'s `learningRate`). */
export type OptimizerSpec =
  | 'adam'
  | 'sgd'
  | 'rmsprop'
  | { readonly kind: 'adam'; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number }
  | { readonly kind: 'sgd'; readonly momentum?: number; readonly nesterov?: boolean }
  | {
      readonly kind: 'rmsprop';
      readonly decay?: number;
      readonly momentum?: number;
      readonly epsilon?: number;
    };

/** The optimizer spec with its kind and every default filled in; stored in checkpoints. */
export type ResolvedOptimizer = Readonly<Record<string, number | boolean | string>> & {
  readonly kind: 'adam' | 'sgd' | 'rmsprop';
};

function num(v: unknown, name: string, lo: number, hi: number, def: number): number {
  const x = v ?? def;
  if (typeof x !== 'number' || !(x >= lo && x <= hi)) {
    throw new Error(`optimizer: ${name} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
  return x;
}

/** Checks an optimizer spec and fills in the defaults. */
export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  const s = (typeof spec === 'string' ? { kind: spec } : spec) as Record<string, unknown>;
  switch (s?.kind) {
    case 'adam':
      return {
        kind: 'adam',
        beta1: num(s.beta1, 'beta1', 0, 0.999999, 0.9),
        beta2: num(s.beta2, 'beta2', 0, 0.999999, 0.999),
        epsilon: num(s.epsilon, 'epsilon', 0, 1, 1e-7),
      };
    case 'sgd':
      return {
        kind: 'sgd',
        momentum: num(s.momentum, 'momentum', 0, 0.999999, 0),
        nesterov: s.nesterov === true,
      };
    case 'rmsprop':
      // NOTE: tfjs-core 4.22's centered RMSProp computes sqrt(ms - (mg^2 + eps)), which is NaN for any
      // parameter whose gradient is 0 (dead relu units), so it is refused rather than offered.
      if (s.centered !== undefined && s.centered !== false) {
        throw new Error(
          "optimizer: centered rmsprop is not supported (tfjs-core's version yields NaN for zero gradients)",
        );
      }
      return {
        kind: 'rmsprop',
        decay: num(s.decay, 'decay', 0, 0.999999, 0.9),
        momentum: num(s.momentum, 'momentum', 0, 0.999999, 0),
        epsilon: num(s.epsilon, 'epsilon', 0, 1, 1e-7),
      };
    default:
      throw new Error(
        `optimizer: expected 'adam', 'sgd' or 'rmsprop' (or { kind, ... }), got ${JSON.stringify(spec)}`,
      );
  }
}

/** Creates the tfjs-core optimizer for a resolved spec. */
export function createOptimizer(o: ResolvedOptimizer, learningRate: number): tf.Optimizer {
  switch (o.kind) {
    case 'adam':
      return tf.train.adam(learningRate, o.beta1 as number, o.beta2 as number, o.epsilon as number);
    case 'sgd':
      return (o.momentum as number) > 0
        ? tf.train.momentum(learningRate, o.momentum as number, o.nesterov as boolean)
        : tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(
        learningRate,
        o.decay as number,
        o.momentum as number,
        o.epsilon as number,
        false,
      );
  }
}

// NOTE: tfjs-core optimizers read `learningRate` on every step (SGD/momentum cache it in a scalar that
// setLearningRate replaces); neither is public API, but both are stable across tfjs 2-4.
/** Sets the learning rate that the next applyGradients uses. */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** An optimizer's state as plain arrays: its slot tensors (tfjs order) and extra scalars. */
export interface OptimizerState {
  readonly weights: { readonly name: string; readonly shape: number[]; readonly values: Float32Array }[];
  /** Adam's running beta powers, which setWeights would recompute with pow() and so lose the last bits. */
  readonly extra: Readonly<Record<string, number>>;
}

/** Reads an optimizer's full state (one async read per slot). */
export async function getOptimizerState(opt: tf.Optimizer): Promise<OptimizerState> {
  const named = await opt.getWeights();
  const weights = [];
  for (const { name, tensor } of named) {
    weights.push({ name, shape: tensor.shape.slice(), values: Float32Array.from(await tensor.data()) });
  }
  // saveIterations() hands out a fresh scalar; the slot variables belong to the optimizer.
  named[0]?.tensor.dispose();
  const extra: Record<string, number> = {};
  const a = opt as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (a.accBeta1 && a.accBeta2) {
    extra.accBeta1 = (await a.accBeta1.data())[0]!;
    extra.accBeta2 = (await a.accBeta2.data())[0]!;
  }
  return { weights, extra };
}

/** Restores a state read by getOptimizerState into a fresh optimizer of the same kind. */
export async function setOptimizerState(opt: tf.Optimizer, state: OptimizerState): Promise<void> {
  const named = state.weights.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape, 'float32') }));
  await opt.setWeights(named);
  // setWeights turned the slot tensors into variables (which hold their own reference); the iterations
  // scalar was only read.
  tf.dispose(named.map((n) => n.tensor));
  const a = opt as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (a.accBeta1 && a.accBeta2 && state.extra.accBeta1 !== undefined && state.extra.accBeta2 !== undefined) {
    tf.tidy(() => {
      a.accBeta1!.assign(tf.scalar(state.extra.accBeta1!));
      a.accBeta2!.assign(tf.scalar(state.extra.accBeta2!));
    });
  }
}
