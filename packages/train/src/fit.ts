import type { Head, Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchSource, checkBatchSource } from './batch';
import { type CheckpointStore, decodeCheckpoint, encodeCheckpoint, type StoredArray } from './checkpoint';
import { type ClipOptions, checkClip } from './clip';
import { type EarlyStoppingOptions, type EarlyStoppingState, earlyStopping } from './early-stopping';
import { evaluate } from './evaluate';
import type { Callbacks, EpochLog, Stoppable, Terms } from './events';
import { TRAIN_METRICS, type TrainMetric } from './metrics';
import { defaultLoss, type LossSpec, type Objective, resolveLoss, withPseudoLabels } from './objective';
import {
  createOptimizer,
  getOptimizerState,
  type OptimizerSpec,
  type ResolvedOptimizer,
  resolveOptimizer,
  setLearningRate,
  setOptimizerState,
} from './optimizer';
import { modelParams, selectTrainable } from './params';
import { Rng } from './rng';
import { resolveSchedule, type ScheduleSpec } from './schedule';
import { disposeBatch, trainStep } from './step';
import { resolveStrategy, type StrategySpec } from './strategy';
import { readWeights, restoreWeights } from './weights';

/** Where and how often fit writes checkpoints. */
export interface CheckpointOptions {
  readonly store: CheckpointStore;
  /** Write after every n-th epoch. Default 1. */
  readonly everyEpochs?: number;
  /** Also write every n optimizer steps (mid-epoch). Default: never. */
  readonly everySteps?: number;
}

/** Options of fit. Only `epochs` is required. */
export interface FitOptions extends ClipOptions {
  /** Epochs over the whole run (all strategy phases together). */
  readonly epochs: number;
  /** Images per step. Default 32. */
  readonly batchSize?: number;
  /** Default 'adam'. */
  readonly optimizer?: OptimizerSpec;
  /** Base learning rate. Default 1e-3. */
  readonly learningRate?: number;
  /** Learning-rate schedule over each phase's epochs. Default 'constant'. */
  readonly schedule?: ScheduleSpec;
  /** Decoupled weight decay (AdamW-style: w -= lr * weightDecay * w) on kernels (rank >= 2). Default 0. */
  readonly weightDecay?: number;
  /** Default: fusion for a model with both heads, 'mse' for reconstruction only, 'crossEntropy' for logits only. */
  readonly loss?: LossSpec;
  /** Training metrics per epoch. Default: accuracy with logits, mse and psnr with a reconstruction. */
  readonly metrics?: readonly TrainMetric[];
  /** Default 'joint'. */
  readonly strategy?: StrategySpec;
  /** Evaluated after every epoch (see `EpochLog.val`). */
  readonly validationData?: BatchSource;
  /** Default 256. */
  readonly validationBatchSize?: number;
  /** Seeds the data order, dropout and input noise. Default 0. */
  readonly seed?: number;
  /** Shuffle the training data every epoch (seeded by seed and epoch). Default true. */
  readonly shuffle?: boolean;
  readonly callbacks?: Callbacks | readonly Callbacks[];
  readonly earlyStopping?: EarlyStoppingOptions;
  /** A store (checkpoint after every epoch) or store plus frequency. */
  readonly checkpoint?: CheckpointStore | CheckpointOptions;
  /** Continue from the store's last checkpoint when it has one (needs `checkpoint`). */
  readonly resume?: boolean;
  /** Aborting ends the run after the current step (writing a checkpoint first when a store is set). */
  readonly signal?: AbortSignal;
}

/** What fit did. */
export interface FitResult {
  /** One log per epoch of the whole run (restored ones included after a resume). */
  readonly history: EpochLog[];
  /** Epochs completed. */
  readonly epochs: number;
  /** Optimizer steps completed. */
  readonly step: number;
  readonly stopReason: 'completed' | 'earlyStopping' | 'stopped' | 'aborted';
  /** Where this call started when it resumed a checkpoint. */
  readonly resumedFrom?: { readonly epoch: number; readonly step: number };
}

// Running sums of the epoch in progress; stored in mid-epoch checkpoints so a resumed epoch logs the same means.
interface EpochSums {
  images: number;
  terms: number[];
  correct: number;
  labeled: number;
  mse: number;
  psnr: number;
  seconds: number;
}

interface LoopState {
  /** Batch order settings: a resume with others would skip the wrong images. */
  batchSize: number;
  shuffle: boolean;
  history: EpochLog[];
  early: EarlyStoppingState | null;
  sums: EpochSums;
}

const emptySums = (): EpochSums => ({
  images: 0,
  terms: [],
  correct: 0,
  labeled: 0,
  mse: 0,
  psnr: 0,
  seconds: 0,
});

function posInt(v: unknown, name: string): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw new Error(`fit: ${name} must be an integer >= 1, got ${String(v)}`);
  }
  return v;
}

function probeHeads(model: Model): Head[] {
  const heads: Head[] = [];
  tf.tidy(() => {
    const out = model.forward(tf.zeros([1, ...model.inputShape]), { training: false });
    for (const h of ['latent', 'reconstruction', 'logits'] as const) if (out[h]) heads.push(h);
  });
  return heads;
}

function checkBatch(b: Batch, model: Model, where: string): void {
  const want = model.inputShape;
  const got = b.x.shape;
  if (got.length !== want.length + 1 || want.some((d, i) => got[i + 1] !== d)) {
    throw new Error(`fit: ${where} has x of shape [${got}], the model expects [batch, ${want.join(', ')}]`);
  }
  for (const [name, t] of [
    ['y', b.y],
    ['labeledMask', b.labeledMask],
  ] as const) {
    if (t && t.shape[0] !== got[0]) {
      throw new Error(
        `fit: ${where} has ${name} of shape [${t.shape}] for ${got[0]} images; expected ${got[0]} rows`,
      );
    }
  }
}

/**
 * Trains `model` on `data` with tfjs-core only (any backend): one `variableGrads` + `applyGradients` per batch,
 * one read of the loss per batch, checkpoints and resume, strategies for fusion models.
 *
 * @example
 * const { history } = await fit(model, source, { epochs: 2, batchSize: 64, optimizer: 'adam', learningRate: 1e-3 });
 */
export async function fit(model: Model, data: BatchSource, options: FitOptions): Promise<FitResult> {
  // ---- check every option before any work ----
  if (!model || typeof model.forward !== 'function' || !model.modules) {
    throw new Error('fit: model must be an @aecnn Model { kind, inputShape, modules, forward }');
  }
  checkBatchSource(data, 'fit: data');
  if (!options || typeof options !== 'object') throw new Error('fit: options { epochs, ... } are required');
  const epochs = posInt(options.epochs, 'epochs');
  const batchSize = posInt(options.batchSize ?? 32, 'batchSize');
  const learningRate = options.learningRate ?? 1e-3;
  if (!(typeof learningRate === 'number' && learningRate > 0 && Number.isFinite(learningRate))) {
    throw new Error(`fit: learningRate must be a finite number > 0, got ${String(options.learningRate)}`);
  }
  const optimizerSpec = resolveOptimizer(options.optimizer ?? 'adam');
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0 && weightDecay < 1))
    throw new Error(`fit: weightDecay must be in [0, 1), got ${weightDecay}`);
  checkClip(options);
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;
  if (!Number.isInteger(seed)) throw new Error(`fit: seed must be an integer, got ${seed}`);
  if (options.validationData !== undefined) checkBatchSource(options.validationData, 'fit: validationData');
  const validationBatchSize = posInt(options.validationBatchSize ?? 256, 'validationBatchSize');
  for (const m of options.metrics ?? []) {
    if (!TRAIN_METRICS.includes(m)) {
      throw new Error(
        `fit: unknown metric ${JSON.stringify(m)}; expected one of ${TRAIN_METRICS.join(', ')}`,
      );
    }
  }
  const ck = options.checkpoint;
  const ckOpts: CheckpointOptions | undefined = ck && 'store' in ck ? ck : ck ? { store: ck } : undefined;
  if (ckOpts) {
    if (typeof ckOpts.store?.save !== 'function' || typeof ckOpts.store.load !== 'function') {
      throw new Error('fit: checkpoint.store must have save(bytes) and load()');
    }
    posInt(ckOpts.everyEpochs ?? 1, 'checkpoint.everyEpochs');
    if (ckOpts.everySteps !== undefined) posInt(ckOpts.everySteps, 'checkpoint.everySteps');
  }
  if (options.resume && !ckOpts) throw new Error('fit: resume needs a checkpoint store (options.checkpoint)');
  const callbacks = (
    Array.isArray(options.callbacks) ? options.callbacks : options.callbacks ? [options.callbacks] : []
  ) as Callbacks[];

  const heads = probeHeads(model);
  const phases = resolveStrategy(options.strategy ?? 'joint', {
    epochs,
    data,
    loss: options.loss,
    heads,
    modules: Object.keys(model.modules),
  });
  const objectives = phases.map((p) => {
    const o = resolveLoss(p.loss ?? defaultLoss(heads));
    return p.pseudoLabels ? withPseudoLabels(o, p.pseudoLabels.weight) : o;
  });
  for (const o of objectives) {
    const missing = o.heads.filter((h) => !heads.includes(h));
    if (missing.length) {
      throw new Error(
        `fit: the loss needs the model's '${missing.join("', '")}' output, but it returns ${heads.join(', ')}`,
      );
    }
  }
  const params = modelParams(model);
  const phaseVars = phases.map((p) => {
    const vars = selectTrainable(params, p.modules);
    if (vars.length === 0) throw new Error(`fit: phase '${p.name}' has no trainable variables`);
    return vars;
  });
  const metrics = new Set<TrainMetric>(options.metrics ?? (['accuracy', 'mse', 'psnr'] as TrainMetric[]));
  const schedules = phases.map((p) =>
    resolveSchedule(options.schedule ?? 'constant', learningRate, p.end - p.start),
  );
  const early = options.earlyStopping
    ? earlyStopping(options.earlyStopping, options.validationData !== undefined)
    : undefined;

  // ---- run state ----
  const rng = new Rng(seed);
  let epoch = 0;
  let step = 0;
  let stepInEpoch = 0;
  let loop: LoopState = {
    batchSize,
    shuffle,
    history: [],
    early: early ? early.state : null,
    sums: emptySums(),
  };
  let resumedFrom: FitResult['resumedFrom'];
  let restoredOptimizer:
    | { phase: number; spec: ResolvedOptimizer; state: Parameters<typeof setOptimizerState>[1] }
    | undefined;
  let lastCheckpointStep: number | undefined;
  let bestWeights: Record<string, StoredArray> | undefined;

  if (options.resume && ckOpts) {
    const bytes = await ckOpts.store.load();
    if (bytes) {
      const c = decodeCheckpoint(bytes);
      if (c.modelKind !== model.kind) {
        throw new Error(
          `fit: resume: the checkpoint is of a '${c.modelKind}' model, this model is '${model.kind}'`,
        );
      }
      if (c.seed !== seed) {
        throw new Error(
          `fit: resume: the checkpoint was trained with seed ${c.seed}, options.seed is ${seed}; use the same seed`,
        );
      }
      const saved = c.loop as LoopState;
      if (saved.batchSize !== batchSize || saved.shuffle !== shuffle) {
        throw new Error(
          `fit: resume: the checkpoint was trained with batchSize ${saved.batchSize} and shuffle ${saved.shuffle}, ` +
            `options give ${batchSize} and ${shuffle}; use the same ones`,
        );
      }
      restoreWeights(params, c.weights);
      epoch = c.epoch;
      step = c.step;
      stepInEpoch = c.stepInEpoch;
      rng.state = c.rngState;
      loop = saved;
      if (early && loop.early) Object.assign(early.state, loop.early);
      loop.early = early ? early.state : null;
      restoredOptimizer = { phase: c.phase, spec: c.optimizer, state: c.optimizerState };
      lastCheckpointStep = step;
      resumedFrom = { epoch, step };
      bestWeights = c.bestWeights ? { ...c.bestWeights } : undefined;
    }
  }

  const emit = async <K extends keyof Callbacks>(name: K, e: Parameters<NonNullable<Callbacks[K]>>[0]) => {
    for (const cb of callbacks) {
      const f = cb[name] as ((e: unknown) => unknown) | undefined;
      if (f) await f.call(cb, e);
    }
  };
  let stopRequested = false;
  const stoppable: Stoppable = {
    stop: () => {
      stopRequested = true;
    },
  };

  // `atEpoch`/`atStep` say where a resumed run continues: epoch `atEpoch` after its first `atStep` batches.
  const saveCheckpoint = async (phaseIndex: number, opt: tf.Optimizer, atEpoch: number, atStep: number) => {
    if (!ckOpts) return;
    const weights = await readWeights(params);
    const optimizerState = await getOptimizerState(opt);
    const bytes = encodeCheckpoint({
      modelKind: model.kind,
      epoch: atEpoch,
      step,
      stepInEpoch: atStep,
      phase: phaseIndex,
      seed,
      rngState: rng.state,
      optimizer: optimizerSpec,
      optimizerState,
      loop,
      weights,
      ...(bestWeights ? { bestWeights } : {}),
    });
    await ckOpts.store.save(bytes);
    lastCheckpointStep = step;
    await emit('onCheckpoint', { epoch: atEpoch, step, stepInEpoch: atStep, bytes: bytes.length });
  };

  // ---- progress bookkeeping ----
  const totalImages = phases.reduce((a, p) => a + (p.end - p.start) * p.data.size, 0);
  const imagesBefore = (e: number) =>
    phases.reduce((a, p) => a + Math.max(0, Math.min(e, p.end) - p.start) * p.data.size, 0);
  const t0 = performance.now();
  let runImages = 0;
  let lastLr: number | undefined;
  let lastYield = t0;
  let stopReason: FitResult['stopReason'] = 'completed';

  for (let pi = 0; pi < phases.length; pi++) {
    const phase = phases[pi]!;
    if (epoch >= phase.end) continue;
    const objective = objectives[pi]!;
    const vars = phaseVars[pi]!;
    const decayed = weightDecay > 0 ? vars.filter((v) => v.variable.rank >= 2).map((v) => v.variable) : [];
    const schedule = schedules[pi]!;
    const batchesPerEpoch = Math.ceil(phase.data.size / batchSize);
    const opt = createOptimizer(optimizerSpec, learningRate);
    try {
      if (restoredOptimizer && restoredOptimizer.phase === pi) {
        if (restoredOptimizer.spec.kind !== optimizerSpec.kind) {
          throw new Error(
            `fit: resume: the checkpoint used optimizer '${restoredOptimizer.spec.kind}', options.optimizer is '${optimizerSpec.kind}'`,
          );
        }
        await setOptimizerState(opt, restoredOptimizer.state);
      }
      restoredOptimizer = undefined;
      let optLr = learningRate;
      await emit('onPhaseStart', { phase: phase.name, epoch });

      for (; epoch < phase.end; epoch++) {
        const skip = stepInEpoch;
        let b = 0;
        let tEpoch = performance.now() - loop.sums.seconds * 1000;
        for await (const batch of phase.data.batches({ batchSize, epoch, shuffle, seed })) {
          if (b < skip) {
            // Resumed mid-epoch: these batches were trained before the checkpoint.
            disposeBatch(batch);
            b++;
            continue;
          }
          if (b === 0 || b === skip) checkBatch(batch, model, `batch ${b} of epoch ${epoch}`);
          const lr = schedule(epoch - phase.start + b / batchesPerEpoch);
          if (lr !== optLr) {
            setLearningRate(opt, lr);
            optLr = lr;
          }
          if (lr !== lastLr) {
            await emit('onLearningRateChange', { phase: phase.name, epoch, step, from: lastLr, to: lr });
            lastLr = lr;
          }
          const n = batch.x.shape[0]!;
          const stepSeed = rng.nextSeed();
          const stats = await trainStep(model, batch, objective, vars, opt, {
            stepSeed,
            lr,
            decayed,
            weightDecay,
            clip: options,
            noise: phase.noise,
            ...(phase.augment ? { augment: phase.augment } : {}),
            ...(phase.pseudoLabels && epoch >= phase.pseudoLabels.fromEpoch
              ? { pseudoThreshold: phase.pseudoLabels.threshold }
              : {}),
            metrics,
            where: { step: step + 1, epoch, batch: b, lastCheckpointStep: () => lastCheckpointStep },
          });
          step++;
          stepInEpoch = b + 1;
          runImages += n;
          const s = loop.sums;
          s.images += n;
          stats.terms.forEach((t, i) => {
            s.terms[i] =
              (s.terms[i] ?? 0) + t * (objective.terms[i] === 'classification' ? stats.labeled : n);
          });
          s.correct += stats.correct;
          s.labeled += stats.labeled;
          s.mse += stats.mse;
          s.psnr += stats.psnr;
          const terms = termsOf(objective, stats.terms);
          await emit('onBatchEnd', {
            phase: phase.name,
            epoch,
            batch: b,
            step,
            size: n,
            loss: stats.loss,
            terms,
            learningRate: lr,
            ...stoppable,
          });
          const elapsed = (performance.now() - t0) / 1000;
          const ips = runImages / Math.max(elapsed, 1e-9);
          const done = imagesBefore(epoch) + s.images;
          await emit('onProgress', {
            phase: phase.name,
            epoch,
            epochs,
            batch: b,
            batchesPerEpoch,
            step,
            fraction: Math.min(1, done / totalImages),
            imagesPerSecond: ips,
            etaSeconds: Math.max(0, totalImages - done) / Math.max(ips, 1e-9),
            elapsedSeconds: elapsed,
            loss: stats.loss,
            ...stoppable,
          });
          b++;
          // On cpu and wasm every await of a step resolves as a microtask, so without this a whole epoch would
          // block timers, redraws and signals (Ctrl-C). One macrotask turn every ~100 ms costs well under 1%.
          if (performance.now() - lastYield > 100) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
          const last = b === batchesPerEpoch;
          if (!last && (stopRequested || options.signal?.aborted)) {
            s.seconds = (performance.now() - tEpoch) / 1000;
            await saveCheckpoint(pi, opt, epoch, b);
            stopReason = options.signal?.aborted ? 'aborted' : 'stopped';
            return done_();
          }
          if (!last && ckOpts?.everySteps && step % ckOpts.everySteps === 0) {
            s.seconds = (performance.now() - tEpoch) / 1000;
            await saveCheckpoint(pi, opt, epoch, b);
            tEpoch = performance.now() - s.seconds * 1000;
          }
        }
        if (b !== batchesPerEpoch) {
          throw new Error(
            `fit: the data source yielded ${b} batches in epoch ${epoch}; expected ceil(size / batchSize) = ${batchesPerEpoch} (size ${phase.data.size}, batchSize ${batchSize})`,
          );
        }
        // ---- epoch end ----
        const s = loop.sums;
        if (objective.terms.length === 1 && objective.terms[0] === 'classification' && s.labeled === 0) {
          throw new Error(
            `fit: epoch ${epoch} of phase '${phase.name}' had no labeled images; the classification loss needs batches with y (and labeledMask 1)`,
          );
        }
        const seconds = (performance.now() - tEpoch) / 1000;
        const termLog: Record<string, number> = {};
        objective.terms.forEach((t, i) => {
          const denom = t === 'classification' ? s.labeled : s.images;
          termLog[t] = denom > 0 ? s.terms[i]! / denom : 0;
        });
        const metricLog: Record<string, number> = {};
        if (metrics.has('accuracy') && objective.heads.includes('logits') && s.labeled > 0) {
          metricLog.accuracy = s.correct / s.labeled;
        }
        if (metrics.has('mse') && objective.heads.includes('reconstruction'))
          metricLog.mse = s.mse / s.images;
        if (metrics.has('psnr') && objective.heads.includes('reconstruction'))
          metricLog.psnr = s.psnr / s.images;
        const val = options.validationData
          ? await evaluate(model, options.validationData, {
              batchSize: validationBatchSize,
              loss: phase.loss ?? defaultLoss(heads),
              // The semi strategy's noise is a training view only; its model is judged on clean images.
              ...(phase.noise && phase.name !== 'semi' ? { noise: phase.noise, seed } : {}),
            })
          : undefined;
        const log: EpochLog = {
          phase: phase.name,
          epoch,
          // The epoch loss is the sum of the epoch's terms, each averaged over the images it counts.
          loss: Object.values(termLog).reduce((a, v) => a + v, 0),
          terms: termLog,
          metrics: metricLog,
          ...(val ? { val } : {}),
          learningRate: lastLr ?? learningRate,
          seconds,
          imagesPerSecond: s.images / Math.max(seconds, 1e-9),
        };
        loop.history.push(log);
        loop.sums = emptySums();
        stepInEpoch = 0;
        const stopEarly = early ? early.update(log) : false;
        if (early?.restoreBest && early.state.bestEpoch === epoch) bestWeights = await readWeights(params);
        const stopNow = stopEarly || stopRequested || options.signal?.aborted === true;
        if (ckOpts && ((epoch + 1) % (ckOpts.everyEpochs ?? 1) === 0 || epoch + 1 === epochs || stopNow)) {
          await saveCheckpoint(pi, opt, epoch + 1, 0);
        }
        await emit('onEpochEnd', { ...log, ...stoppable });
        if (stopEarly && early) {
          await emit('onEarlyStop', {
            epoch,
            monitor: early.monitor,
            best: early.state.best ?? Number.NaN,
            bestEpoch: early.state.bestEpoch,
          });
          stopReason = 'earlyStopping';
          epoch++;
          restoreBest();
          return done_();
        }
        if (stopRequested || options.signal?.aborted) {
          stopReason = options.signal?.aborted ? 'aborted' : 'stopped';
          epoch++;
          return done_();
        }
      }
    } finally {
      opt.dispose();
    }
  }
  restoreBest();
  return done_();

  function restoreBest(): void {
    if (early?.restoreBest && bestWeights) restoreWeights(params, bestWeights);
  }

  function done_(): FitResult {
    return {
      history: loop.history,
      epochs: epoch,
      step,
      stopReason,
      ...(resumedFrom ? { resumedFrom } : {}),
    };
  }
}

function termsOf(objective: Objective, values: readonly number[]): Terms {
  const out: Record<string, number> = {};
  objective.terms.forEach((t, i) => {
    out[t] = values[i]!;
  });
  return out;
}
