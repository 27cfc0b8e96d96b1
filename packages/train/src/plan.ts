import { checkInt, checkKeys, checkSeed, type Model } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, checkBatchSource } from './batch';
import { checkClip } from './clip';
import { resolveDivergence } from './divergence';
import { earlyStopping } from './early-stopping';
import type { Callbacks } from './events';
import { type CheckpointOptions, FIT_KEYS, type FitOptions } from './fit-options';
import type { Term } from './loss-terms';
import { type MetricFn, type MetricSpec, TRAIN_METRICS, type TrainMetric } from './metrics';
import { defaultLoss, metricTerms, type Objective, resolveLoss, withPseudoLabels } from './objective';
import { type ResolvedOptimizer, resolveOptimizer } from './optimizer';
import { modelParams, selectTrainable } from './params';
import { checkLearningRate, DEFAULT_LEARNING_RATE, resolveLearningRate, type ScheduleAt } from './schedule';
import { type Phase, resolveStrategy } from './strategy';
import { splitValidation } from './validation-split';

/** Everything fit needs, checked and with the defaults filled in, before any training work. */
export interface FitPlan {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: ResolvedOptimizer;
  readonly weightDecay: number;
  readonly clipNorm?: number;
  readonly clipValue?: number;
  /** The divergence factor; undefined when the check is off. */
  readonly divergence: number | undefined;
  readonly lossWeights: Readonly<Record<string, number>> | undefined;
  readonly seed: number;
  readonly shuffle: boolean;
  /** The held-out fraction (0 without validationSplit); stored in checkpoints. */
  readonly validationSplit: number;
  readonly validation: { readonly data: BatchSource; readonly batchSize: number } | undefined;
  readonly metrics: ReadonlySet<TrainMetric>;
  /** The metric functions as given (evaluate computes them on the validation data) and as terms. */
  readonly metricFns: readonly MetricFn[];
  readonly metricTerms: readonly Term[];
  readonly checkpoint: CheckpointOptions | undefined;
  readonly callbacks: readonly Callbacks[];
  readonly phases: readonly Phase[];
  /** Per phase: its objective, trainable variables and learning rate per step. */
  readonly objectives: readonly Objective[];
  readonly phaseVars: readonly { path: string; variable: tf.Variable }[][];
  readonly schedules: readonly ((at: ScheduleAt) => number)[];
  readonly params: Map<string, tf.Variable>;
  readonly early: ReturnType<typeof earlyStopping> | undefined;
}

function checkpointOptions(options: FitOptions): CheckpointOptions | undefined {
  const ck = options.checkpoint;
  if (!ck) return undefined;
  const o: CheckpointOptions = 'store' in ck ? ck : { store: ck };
  if ('store' in ck) checkKeys(ck, ['store', 'everyEpochs', 'everySteps'], 'fit: checkpoint');
  if (typeof o.store?.save !== 'function' || typeof o.store.load !== 'function') {
    throw new Error('fit: checkpoint.store must have save(bytes) and load()');
  }
  checkInt('fit', 'checkpoint.everyEpochs', o.everyEpochs ?? 1);
  if (o.everySteps !== undefined) checkInt('fit', 'checkpoint.everySteps', o.everySteps);
  return o;
}

function metricsOf(options: FitOptions, outputs: readonly string[]) {
  const specs: readonly MetricSpec[] = options.metrics ?? ['accuracy', 'mse', 'psnr'];
  if (!Array.isArray(specs as unknown)) {
    throw new Error(
      `fit: metrics must be an array of metric names or { name, output, fn }, got ${JSON.stringify(specs)}`,
    );
  }
  const builtin = new Set<TrainMetric>();
  const fns: MetricFn[] = [];
  for (const m of specs) {
    if (typeof m === 'string' && TRAIN_METRICS.includes(m)) builtin.add(m);
    else fns.push(m as MetricFn);
  }
  return { builtin, fns, terms: metricTerms(fns, outputs, 'fit') };
}

// NOTE: a model built before outputNames existed (an older @aecnn/models build) is probed once for its heads.
function outputNamesOf(model: Model): readonly string[] {
  if (Array.isArray(model.outputNames)) return model.outputNames;
  return tf.tidy(() => Object.keys(model.forward(tf.zeros([1, ...model.inputShape]), { training: false })));
}

/** Checks every option of fit (unknown keys included) against the model and the data, and resolves them into a plan. */
export function resolvePlan(model: Model, source: BatchSource, options: FitOptions): FitPlan {
  if (!model || typeof model.forward !== 'function' || !model.modules) {
    throw new Error(
      'fit: model must be an @aecnn Model { kind, inputShape, modules, outputNames, lossNames, forward }',
    );
  }
  checkBatchSource(source, 'fit: data');
  if (!options || typeof options !== 'object') throw new Error('fit: options { epochs, ... } are required');
  checkKeys(options, FIT_KEYS, 'fit');
  const epochs = checkInt('fit', 'epochs', options.epochs);
  const batchSize = checkInt('fit', 'batchSize', options.batchSize ?? 32);
  const learningRate = checkLearningRate(options.learningRate ?? DEFAULT_LEARNING_RATE);
  const optimizer = resolveOptimizer(options.optimizer ?? 'adam');
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0 && weightDecay < 1))
    throw new Error(`fit: weightDecay must be in [0, 1), got ${weightDecay}`);
  checkClip(options);
  const divergence = resolveDivergence(options.divergence);
  const seed = checkSeed('fit', options.seed ?? 0);
  const shuffle = options.shuffle ?? true;
  if (options.validationData !== undefined) checkBatchSource(options.validationData, 'fit: validationData');
  const split =
    options.validationSplit !== undefined
      ? splitValidation(source, options.validationSplit, options.validationData !== undefined)
      : undefined;
  const data = split?.train ?? source;
  const validationData = split?.validation ?? options.validationData;
  const validationBatchSize = checkInt('fit', 'validationBatchSize', options.validationBatchSize ?? 256);
  const outputs = outputNamesOf(model);
  const lossNames = model.lossNames ?? [];
  const metrics = metricsOf(options, outputs);
  const checkpoint = checkpointOptions(options);
  if (options.resume && !checkpoint)
    throw new Error('fit: resume needs a checkpoint store (options.checkpoint)');
  const callbacks = (
    Array.isArray(options.callbacks) ? options.callbacks : options.callbacks ? [options.callbacks] : []
  ) as Callbacks[];

  const phases = resolveStrategy(options.strategy ?? 'joint', {
    epochs,
    data,
    loss: options.loss,
    heads: outputs,
    modules: Object.keys(model.modules),
  });
  const lossContext = {
    outputs,
    lossNames,
    ...(options.lossWeights ? { lossWeights: options.lossWeights } : {}),
  };
  const objectives = phases.map((p) => {
    const o = resolveLoss(p.loss ?? defaultLoss(outputs, lossNames), lossContext);
    return p.pseudoLabels ? withPseudoLabels(o, p.pseudoLabels.weight) : o;
  });
  for (const o of objectives) {
    const missing = o.outputs.filter((h) => !outputs.includes(h));
    if (missing.length) {
      throw new Error(
        `fit: the loss needs the model's '${missing.join("', '")}' output, but it returns ${outputs.join(', ')}`,
      );
    }
  }
  const params = modelParams(model);
  const phaseVars = phases.map((p) => {
    const vars = selectTrainable(params, p.modules);
    if (vars.length === 0) throw new Error(`fit: phase '${p.name}' has no trainable variables`);
    return vars;
  });
  const schedules = phases.map((p) =>
    resolveLearningRate(options.schedule ?? 'constant', learningRate, p.end - p.start),
  );
  const early = options.earlyStopping
    ? earlyStopping(options.earlyStopping, validationData !== undefined)
    : undefined;
  return {
    epochs,
    batchSize,
    learningRate,
    optimizer,
    weightDecay,
    ...(options.clipNorm !== undefined ? { clipNorm: options.clipNorm } : {}),
    ...(options.clipValue !== undefined ? { clipValue: options.clipValue } : {}),
    divergence,
    lossWeights: options.lossWeights,
    seed,
    shuffle,
    validationSplit: options.validationSplit ?? 0,
    validation: validationData ? { data: validationData, batchSize: validationBatchSize } : undefined,
    metrics: metrics.builtin,
    metricFns: metrics.fns,
    metricTerms: metrics.terms,
    checkpoint,
    callbacks,
    phases,
    objectives,
    phaseVars,
    schedules,
    params,
    early,
  };
}
