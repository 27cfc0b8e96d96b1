import { type Model, Rng, requireBackend } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchSource, batchTensors, disposeBatch } from './batch';
import { DivergenceWatch } from './divergence';
import { addStep, checkCounted, emptySums, epochLog, termsOf } from './epoch-log';
import { evaluate } from './evaluate';
import type { Callbacks, Stoppable } from './events';
import type { FitOptions, FitResult } from './fit-options';
import { defaultLoss } from './objective';
import { createOptimizer, setLearningRate, setOptimizerState } from './optimizer';
import { type FitPlan, resolvePlan } from './plan';
import { type RunState, startRun, writeCheckpoint } from './resume';
import { trainStep } from './step';
import { readWeights, restoreWeights } from './weights';

export type { CheckpointOptions, FitOptions, FitResult } from './fit-options';

function checkBatch(b: Batch, model: Model, where: string): void {
  const want = model.inputShape;
  const got = b.x.shape;
  if (got.length !== want.length + 1 || want.some((d, i) => got[i + 1] !== d)) {
    throw new Error(`fit: ${where} has x of shape [${got}], the model expects [batch, ${want.join(', ')}]`);
  }
  for (const [name, t] of batchTensors(b).slice(1)) {
    if (t.shape[0] !== got[0]) {
      throw new Error(
        `fit: ${where} has ${name} of shape [${t.shape}] for ${got[0]} images; expected ${got[0]} rows`,
      );
    }
  }
  if (b.sampleWeight && b.sampleWeight.rank !== 1) {
    throw new Error(
      `fit: ${where} has sampleWeight of shape [${b.sampleWeight.shape}]; expected [${got[0]}]`,
    );
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
  requireBackend('fit');
  const plan = resolvePlan(model, data, options);
  const rng = new Rng(plan.seed);
  const run = await startRun(plan, model, rng, options.resume === true);
  return trainLoop(model, plan, run, rng, options.signal);
}

async function trainLoop(
  model: Model,
  plan: FitPlan,
  run: RunState,
  rng: Rng,
  signal: AbortSignal | undefined,
): Promise<FitResult> {
  const { phases, early, batchSize, seed, shuffle, learningRate, epochs } = plan;
  const emit = async <K extends keyof Callbacks>(name: K, e: Parameters<NonNullable<Callbacks[K]>>[0]) => {
    for (const cb of plan.callbacks) {
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
  const saveCheckpoint = async (phase: number, opt: tf.Optimizer, atEpoch: number, atStep: number) => {
    const bytes = await writeCheckpoint({ plan, model, rng, run }, phase, opt, atEpoch, atStep);
    if (bytes !== undefined) {
      await emit('onCheckpoint', { epoch: atEpoch, step: run.step, stepInEpoch: atStep, bytes });
    }
  };
  const restoreBest = () => {
    if (early?.restoreBest && run.bestWeights)
      restoreWeights(plan.params, run.bestWeights, 'fit: restoreBest');
  };
  const done = (stopReason: FitResult['stopReason']): FitResult => ({
    history: run.loop.history,
    epochs: run.epoch,
    step: run.step,
    stopReason,
    ...(run.resumedFrom ? { resumedFrom: run.resumedFrom } : {}),
  });
  const interrupted = () => stopRequested || signal?.aborted === true;
  const interruptReason = () => (signal?.aborted ? 'aborted' : 'stopped');

  // ---- progress bookkeeping ----
  const totalImages = phases.reduce((a, p) => a + (p.end - p.start) * p.data.size, 0);
  const imagesBefore = (e: number) =>
    phases.reduce((a, p) => a + Math.max(0, Math.min(e, p.end) - p.start) * p.data.size, 0);
  const t0 = performance.now();
  let runImages = 0;
  let lastLr: number | undefined;
  let lastYield = t0;

  for (let pi = 0; pi < phases.length; pi++) {
    const phase = phases[pi]!;
    if (run.epoch >= phase.end) continue;
    const objective = plan.objectives[pi]!;
    const vars = plan.phaseVars[pi]!;
    const decayed =
      plan.weightDecay > 0 ? vars.filter((v) => v.variable.rank >= 2).map((v) => v.variable) : [];
    const schedule = plan.schedules[pi]!;
    const batchesPerEpoch = Math.ceil(phase.data.size / batchSize);
    const opt = createOptimizer(plan.optimizer, learningRate);
    const divergence = plan.divergence !== undefined ? new DivergenceWatch(plan.divergence) : undefined;
    try {
      const restored = run.restoredOptimizer;
      if (restored && restored.phase === pi) {
        if (restored.spec.kind !== plan.optimizer.kind) {
          throw new Error(
            `fit: resume: the checkpoint used optimizer '${restored.spec.kind}', options.optimizer is '${plan.optimizer.kind}'`,
          );
        }
        await setOptimizerState(opt, restored.state);
      }
      run.restoredOptimizer = undefined;
      let optLr = learningRate;
      await emit('onPhaseStart', { phase: phase.name, epoch: run.epoch });

      for (; run.epoch < phase.end; run.epoch++) {
        const epoch = run.epoch;
        const skip = run.stepInEpoch;
        let b = 0;
        let tEpoch = performance.now() - run.loop.sums.seconds * 1000;
        for await (const batch of phase.data.batches({ batchSize, epoch, shuffle, seed })) {
          if (b < skip) {
            // Resumed mid-epoch: these batches were trained before the checkpoint.
            disposeBatch(batch);
            b++;
            continue;
          }
          if (b === 0 || b === skip) checkBatch(batch, model, `batch ${b} of epoch ${epoch}`);
          const lr = schedule({ progress: epoch - phase.start + b / batchesPerEpoch, epoch, step: run.step });
          if (lr !== optLr) {
            setLearningRate(opt, lr);
            optLr = lr;
          }
          if (lr !== lastLr) {
            await emit('onLearningRateChange', {
              phase: phase.name,
              epoch,
              step: run.step,
              from: lastLr,
              to: lr,
            });
            lastLr = lr;
          }
          const n = batch.x.shape[0]!;
          const stepSeed = rng.nextSeed();
          const stats = await trainStep(model, batch, objective, vars, opt, {
            stepSeed,
            lr,
            decayed,
            weightDecay: plan.weightDecay,
            clip: plan,
            noise: phase.noise,
            ...(phase.augment ? { augment: phase.augment } : {}),
            ...(phase.pseudoLabels && epoch >= phase.pseudoLabels.fromEpoch
              ? { pseudoThreshold: phase.pseudoLabels.threshold }
              : {}),
            metrics: plan.metrics,
            metricTerms: plan.metricTerms,
            ...(divergence ? { divergence } : {}),
            where: { step: run.step + 1, epoch, batch: b, lastCheckpointStep: () => run.lastCheckpointStep },
          });
          run.step++;
          run.stepInEpoch = b + 1;
          runImages += n;
          const s = run.loop.sums;
          addStep(s, stats, n);
          const step = run.step;
          await emit('onBatchEnd', {
            phase: phase.name,
            epoch,
            batch: b,
            step,
            size: n,
            loss: stats.loss,
            terms: termsOf(objective, stats.terms),
            learningRate: lr,
            ...stoppable,
          });
          const elapsed = (performance.now() - t0) / 1000;
          const ips = runImages / Math.max(elapsed, 1e-9);
          const seen = imagesBefore(epoch) + s.images;
          await emit('onProgress', {
            phase: phase.name,
            epoch,
            epochs,
            batch: b,
            batchesPerEpoch,
            step,
            fraction: Math.min(1, seen / totalImages),
            imagesPerSecond: ips,
            etaSeconds: Math.max(0, totalImages - seen) / Math.max(ips, 1e-9),
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
          if (!last && interrupted()) {
            s.seconds = (performance.now() - tEpoch) / 1000;
            await saveCheckpoint(pi, opt, epoch, b);
            return done(interruptReason());
          }
          if (!last && plan.checkpoint?.everySteps && step % plan.checkpoint.everySteps === 0) {
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
        checkCounted(run.loop.sums, epoch, phase.name);
        const seconds = (performance.now() - tEpoch) / 1000;
        const val = plan.validation
          ? await evaluate(model, plan.validation.data, {
              batchSize: plan.validation.batchSize,
              loss: phase.loss ?? defaultLoss(objective.outputs, model.lossNames ?? []),
              ...(plan.lossWeights ? { lossWeights: plan.lossWeights } : {}),
              ...(plan.metricFns.length > 0 ? { metrics: plan.metricFns } : {}),
              // The semi strategy's noise is a training view only; its model is judged on clean images.
              ...(phase.noise && phase.name !== 'semi' ? { noise: phase.noise, seed } : {}),
            })
          : undefined;
        const log = epochLog({
          phase: phase.name,
          epoch,
          sums: run.loop.sums,
          objective,
          metrics: plan.metrics,
          metricTerms: plan.metricTerms,
          val,
          learningRate: lastLr ?? learningRate,
          seconds,
        });
        run.loop.history.push(log);
        run.loop.sums = emptySums();
        run.stepInEpoch = 0;
        const stopEarly = early ? early.update(log) : false;
        if (early?.restoreBest && early.state.bestEpoch === epoch)
          run.bestWeights = await readWeights(plan.params);
        const stopNow = stopEarly || interrupted();
        const ck = plan.checkpoint;
        if (ck && ((epoch + 1) % (ck.everyEpochs ?? 1) === 0 || epoch + 1 === epochs || stopNow)) {
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
          run.epoch++;
          restoreBest();
          return done('earlyStopping');
        }
        if (interrupted()) {
          run.epoch++;
          return done(interruptReason());
        }
      }
    } finally {
      opt.dispose();
    }
  }
  restoreBest();
  return done('completed');
}
