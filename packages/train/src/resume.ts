import type { Model, Rng } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';
import { decodeCheckpoint, encodeCheckpoint, type StoredArray } from './checkpoint';
import type { EarlyStoppingState } from './early-stopping';
import { type EpochSums, emptySums } from './epoch-log';
import type { EpochLog } from './events';
import type { FitResult } from './fit-options';
import { getOptimizerState, type OptimizerState, type ResolvedOptimizer } from './optimizer';
import type { FitPlan } from './plan';
import { readWeights, restoreWeights } from './weights';

/** What the loop carries between epochs, stored as JSON in checkpoints. */
export interface LoopState {
  /** Batch order settings: a resume with others would skip the wrong images. */
  batchSize: number;
  shuffle: boolean;
  /** The held-out fraction: another one trains on other rows. */
  validationSplit: number;
  /** Term names per phase: another loss would continue a different objective. */
  terms: string[][];
  history: EpochLog[];
  early: EarlyStoppingState | null;
  sums: EpochSums;
}

/** Where the run is: position, loop state, and what a resume restored. */
export interface RunState {
  epoch: number;
  step: number;
  stepInEpoch: number;
  loop: LoopState;
  resumedFrom: FitResult['resumedFrom'];
  restoredOptimizer: { phase: number; spec: ResolvedOptimizer; state: OptimizerState } | undefined;
  lastCheckpointStep: number | undefined;
  bestWeights: Record<string, StoredArray> | undefined;
}

const same = (a: readonly string[][], b: readonly string[][]) => JSON.stringify(a) === JSON.stringify(b);

/** The state of a fresh run, or of the store's last checkpoint when `resume` is set and it has one (checked against the plan). */
export async function startRun(plan: FitPlan, model: Model, rng: Rng, resume: boolean): Promise<RunState> {
  const terms = plan.objectives.map((o) => o.terms.map((t) => t.name));
  const run: RunState = {
    epoch: 0,
    step: 0,
    stepInEpoch: 0,
    loop: {
      batchSize: plan.batchSize,
      shuffle: plan.shuffle,
      validationSplit: plan.validationSplit,
      terms,
      history: [],
      early: plan.early ? plan.early.state : null,
      sums: emptySums(),
    },
    resumedFrom: undefined,
    restoredOptimizer: undefined,
    lastCheckpointStep: undefined,
    bestWeights: undefined,
  };
  const bytes = resume && plan.checkpoint ? await plan.checkpoint.store.load() : undefined;
  if (!bytes) return run;
  const c = decodeCheckpoint(bytes, plan.checkpoint!.store.description);
  const fail = (what: string) => new Error(`fit: resume: ${what}; use the same ones`);
  if (c.modelKind !== model.kind) {
    throw new Error(
      `fit: resume: the checkpoint is of a '${c.modelKind}' model, this model is '${model.kind}'`,
    );
  }
  if (c.seed !== plan.seed) {
    throw new Error(
      `fit: resume: the checkpoint was trained with seed ${c.seed}, options.seed is ${plan.seed}; use the same seed`,
    );
  }
  const saved = c.loop as LoopState;
  if (saved.batchSize !== plan.batchSize || saved.shuffle !== plan.shuffle) {
    throw fail(
      `the checkpoint was trained with batchSize ${saved.batchSize} and shuffle ${saved.shuffle}, options give ${plan.batchSize} and ${plan.shuffle}`,
    );
  }
  if ((saved.validationSplit ?? 0) !== plan.validationSplit) {
    throw fail(
      `the checkpoint was trained with validationSplit ${saved.validationSplit ?? 0}, options give ${plan.validationSplit}`,
    );
  }
  if (saved.terms && !same(saved.terms, terms)) {
    throw fail(
      `the checkpoint was trained with loss terms ${JSON.stringify(saved.terms)}, options give ${JSON.stringify(terms)}`,
    );
  }
  restoreWeights(plan.params, c.weights);
  rng.state = c.rngState;
  run.epoch = c.epoch;
  run.step = c.step;
  run.stepInEpoch = c.stepInEpoch;
  // Mid-epoch sums of checkpoints written before sample weights counted in the metrics: every image weighed 1.
  const sums = { ...saved.sums, weight: saved.sums.weight ?? saved.sums.images };
  run.loop = { ...saved, sums, validationSplit: plan.validationSplit, terms };
  if (plan.early && saved.early) Object.assign(plan.early.state, saved.early);
  run.loop.early = plan.early ? plan.early.state : null;
  run.restoredOptimizer = { phase: c.phase, spec: c.optimizer, state: c.optimizerState };
  run.lastCheckpointStep = c.step;
  run.resumedFrom = { epoch: c.epoch, step: c.step };
  run.bestWeights = c.bestWeights ? { ...c.bestWeights } : undefined;
  return run;
}

/**
 * Writes a checkpoint of the run to the plan's store (nothing without one) and returns its size in bytes.
 * `atEpoch`/`atStep` say where a resumed run continues: epoch `atEpoch` after its first `atStep` batches.
 */
export async function writeCheckpoint(
  a: { plan: FitPlan; model: Model; rng: Rng; run: RunState },
  phase: number,
  opt: tf.Optimizer,
  atEpoch: number,
  atStep: number,
): Promise<number | undefined> {
  const { plan, run } = a;
  if (!plan.checkpoint) return undefined;
  const bytes = encodeCheckpoint({
    modelKind: a.model.kind,
    epoch: atEpoch,
    step: run.step,
    stepInEpoch: atStep,
    phase,
    seed: plan.seed,
    rngState: a.rng.state,
    optimizer: plan.optimizer,
    optimizerState: await getOptimizerState(opt),
    loop: run.loop,
    weights: await readWeights(plan.params),
    ...(run.bestWeights ? { bestWeights: run.bestWeights } : {}),
  });
  await plan.checkpoint.store.save(bytes);
  run.lastCheckpointStep = run.step;
  return bytes.length;
}
