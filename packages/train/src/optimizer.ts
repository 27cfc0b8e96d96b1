import { ADAM_KERNEL } from '@aecnn/backends/kernel-names';
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

/** The AdamOptimizer internals that the fused step reads and writes (private in tfjs-core's typings). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

const f32 = Math.fround;

/**
 * tfjs-core's Adam whose per-variable update is one fused kernel where the backend has one (wasm, with
 * @aecnn/backends' SIMD kernels): ~13 small ops per variable become one, with the same float32 arithmetic in the
 * same order, so the weights match tfjs-core's Adam bit for bit. Its state (slots, iterations, beta powers) is
 * tfjs-core's, so checkpoints do not change. Elsewhere it is tfjs-core's Adam.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** float32 copies of accBeta1/accBeta2, so that a step reads nothing back from the backend; unset after setWeights. */
  private betaPowers: [number, number] | undefined;

  /** Applies one Adam step: fused where the backend has the kernel, else tfjs-core's ops. */
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getKernel(ADAM_KERNEL, tf.getBackend()) == null) {
      this.betaPowers = undefined;
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    if (this.betaPowers === undefined) {
      this.betaPowers = [self.accBeta1.dataSync()[0]!, self.accBeta2.dataSync()[0]!];
    }
    const [p1, p2] = this.betaPowers;
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor: tensor as tf.Tensor }));
    const attrs = {
      beta1: f32(self.beta1),
      oneMinusBeta1: f32(1 - self.beta1),
      beta2: f32(self.beta2),
      oneMinusBeta2: f32(1 - self.beta2),
      oneMinusAccBeta1: f32(1 - p1),
      oneMinusAccBeta2: f32(1 - p2),
      epsilon: f32(self.epsilon),
      negLearningRate: f32(-self.learningRate),
    };
    const next: [number, number] = [f32(p1 * f32(self.beta1)), f32(p2 * f32(self.beta2))];
    tf.tidy(() => {
      list.forEach(({ name, tensor: grad }, i) => {
        const param = tf.engine().registeredVariables[name]!;
        self.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(param).variable(false)),
        };
        self.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(param).variable(false)),
        };
        if (grad == null) return;
        const m = self.accumulatedFirstMoment[i]!.variable;
        const v = self.accumulatedSecondMoment[i]!.variable;
        const [nextParam, nextM, nextV] = tf
          .engine()
          .runKernel(ADAM_KERNEL, { param, grad, m, v }, attrs) as tf.Tensor[];
        m.assign(nextM!);
        v.assign(nextV!);
        param.assign(nextParam!);
      });
      self.accBeta1.assign(tf.scalar(next[0]));
      self.accBeta2.assign(tf.scalar(next[1]));
    });
    this.betaPowers = next;
    self.incrementIterations();
  }

  /** Restores slots and iterations (tfjs-core's), then re-reads the beta powers on the next step. */
  override async setWeights(weightValues: Parameters<tf.Optimizer['setWeights']>[0]): Promise<void> {
    await super.setWeights(weightValues);
    this.betaPowers = undefined;
  }
}

/** Creates the tfjs-core optimizer for a resolved spec (Adam: the fused subclass, same results). */
export function createOptimizer(o: ResolvedOptimizer, learningRate: number): tf.Optimizer {
  switch (o.kind) {
    case 'adam':
      return new FusedAdamOptimizer(learningRate, o.beta1 as number, o.beta2 as number, o.epsilon as number);
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
