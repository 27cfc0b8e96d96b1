import { checkKeys } from '@aecnn/layers';

/** A schedule function: the learning rate of the step about to run, from the run's epoch and its steps done so far (both 0-based). */
export type ScheduleFn = (epoch: number, step: number) => number;

/**
 * Learning-rate schedule: constant, step decay every `every` epochs, cosine decay over the run (with warmup),
 * or a function `(epoch, step) => learningRate`.
 */
export type ScheduleSpec =
  | ScheduleFn
  | 'constant'
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly factor?: number }
  | { readonly kind: 'cosine'; readonly minLearningRate?: number; readonly warmupEpochs?: number };

/** fit's base learning rate when `learningRate` is not given (the CLI's `--lr` default too). */
export const DEFAULT_LEARNING_RATE = 1e-3;

/** Checks a base learning rate (a finite number > 0) and returns it; `where` names the caller in the error. */
export function checkLearningRate(value: unknown, where = 'fit: learningRate'): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new Error(`${where} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** Learning rate at a (fractional) epoch: `epoch + stepInEpoch / stepsPerEpoch`. */
export type Schedule = (epoch: number) => number;

/** Where a step sits: the fraction of the phase done in epochs, and the run's epoch and steps done. */
export interface ScheduleAt {
  readonly progress: number;
  readonly epoch: number;
  readonly step: number;
}

/** Checks a schedule spec and returns the learning rate of each step; a function's result is checked at every step. */
export function resolveLearningRate(
  spec: ScheduleSpec,
  lr: number,
  epochs: number,
): (at: ScheduleAt) => number {
  if (typeof spec !== 'function') {
    const named = resolveSchedule(spec, lr, epochs);
    return (at) => named(at.progress);
  }
  return ({ epoch, step }) => {
    const v = spec(epoch, step);
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new Error(
        `schedule: the function returned ${String(v)} at epoch ${epoch}, step ${step}; expected a finite learning rate > 0`,
      );
    }
    return v;
  };
}

/** Checks a named schedule spec and returns lr(epoch) for base rate `lr` over `epochs` epochs. */
export function resolveSchedule(
  spec: Exclude<ScheduleSpec, ScheduleFn>,
  lr: number,
  epochs: number,
): Schedule {
  const s = typeof spec === 'string' ? { kind: spec } : spec;
  const keys: Record<string, string[]> = {
    constant: [],
    step: ['every', 'factor'],
    cosine: ['minLearningRate', 'warmupEpochs'],
  };
  if (s && typeof s === 'object' && keys[s.kind])
    checkKeys(s, ['kind', ...keys[s.kind]!], `schedule (${s.kind})`);
  switch (s?.kind) {
    case 'constant':
      return () => lr;
    case 'step': {
      const { every, factor = 0.1 } = s as { every: number; factor?: number };
      if (!(Number.isInteger(every) && every >= 1)) {
        throw new Error(`schedule: step 'every' must be an integer number of epochs >= 1, got ${every}`);
      }
      if (!(factor > 0 && factor <= 1))
        throw new Error(`schedule: step 'factor' must be in (0, 1], got ${factor}`);
      // Steps happen at epoch boundaries only, so every batch of an epoch uses the same rate.
      return (epoch) => lr * factor ** Math.floor(Math.floor(epoch + 1e-9) / every);
    }
    case 'cosine': {
      const { minLearningRate = 0, warmupEpochs = 0 } = s as {
        minLearningRate?: number;
        warmupEpochs?: number;
      };
      if (!(minLearningRate >= 0 && minLearningRate <= lr)) {
        throw new Error(`schedule: cosine minLearningRate must be in [0, ${lr}], got ${minLearningRate}`);
      }
      if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
        throw new Error(
          `schedule: cosine warmupEpochs must be in [0, epochs=${epochs}), got ${warmupEpochs}`,
        );
      }
      return (epoch) => {
        if (epoch < warmupEpochs) return (lr * (epoch + 1e-3)) / warmupEpochs;
        const t = Math.min(1, (epoch - warmupEpochs) / Math.max(1e-9, epochs - warmupEpochs));
        return minLearningRate + 0.5 * (lr - minLearningRate) * (1 + Math.cos(Math.PI * t));
      };
    }
    default:
      throw new Error(
        `schedule: expected 'constant', { kind: 'step', every, factor? } or { kind: 'cosine', minLearningRate?, warmupEpochs? }, got ${JSON.stringify(spec)}`,
      );
  }
}
