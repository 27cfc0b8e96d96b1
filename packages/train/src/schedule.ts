/** Learning-rate schedule: constant, step decay every `every` epochs, or cosine decay over the run (with warmup). */
export type ScheduleSpec =
  | 'constant'
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly factor?: number }
  | { readonly kind: 'cosine'; readonly minLearningRate?: number; readonly warmupEpochs?: number };

/** Learning rate at a (fractional) epoch: `epoch + stepInEpoch / stepsPerEpoch`. */
export type Schedule = (epoch: number) => number;

/** Checks a schedule spec and returns lr(epoch) for base rate `lr` over `epochs` epochs. */
export function resolveSchedule(spec: ScheduleSpec, lr: number, epochs: number): Schedule {
  const s = typeof spec === 'string' ? { kind: spec } : spec;
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
