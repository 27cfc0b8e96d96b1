export {
  ANOMALY_SCORES,
  type AnomalyScore,
  type AnomalyScoreFn,
  type AnomalyScoreName,
  type AnomalyScoresOptions,
  anomalyScores,
  resolveAnomalyScore,
} from './anomaly';
export { augmented } from './augmented';
export { type Batch, type BatchRequest, type BatchSource, checkBatchSource, isBatchSource } from './batch';
export {
  type Checkpoint,
  type CheckpointStore,
  decodeCheckpoint,
  encodeCheckpoint,
  memoryStore,
  type StoredArray,
} from './checkpoint';
export { type ClipOptions, clipGradients } from './clip';
export { DIVERGENCE_FACTOR } from './divergence';
export { type EarlyStoppingOptions, monitored } from './early-stopping';
export { type ElboTerms, hasElbo, negativeElbo } from './elbo';
export { DivergedLossError, NonFiniteLossError, type StepWhere } from './errors';
export { type EvaluateOptions, type EvaluateResult, evaluate } from './evaluate';
export type {
  BatchEndEvent,
  Callbacks,
  CheckpointEvent,
  EarlyStopEvent,
  EpochLog,
  LearningRateEvent,
  ProgressEvent,
  Stoppable,
  Terms,
} from './events';
export { type CheckpointOptions, type FitOptions, type FitResult, fit } from './fit';
export {
  binaryCrossEntropy,
  binaryCrossEntropySum,
  binaryCrossEntropySumPerImage,
  crossEntropyFromLogits,
  crossEntropyPerImage,
  gaussianKlPerImage,
  mse,
  toOneHot,
} from './losses';
export {
  accuracyOf,
  confusionCounts,
  correctCount,
  msePerImage,
  perClassAccuracyOf,
  psnrPerImage,
  TRAIN_METRICS,
  type TrainMetric,
} from './metrics';
export { type MixLabeledOptions, mixLabeled } from './mix';
export { corrupt, NOISE_KINDS, type NoiseSpec, resolveNoise } from './noise';
export {
  defaultLoss,
  type FusionLoss,
  type LossSpec,
  type ReconstructionLoss,
  resolveLoss,
  withPseudoLabels,
} from './objective';
export {
  createOptimizer,
  FusedAdamOptimizer,
  type OptimizerSpec,
  resolveOptimizer,
  setLearningRate,
} from './optimizer';
export { modelParams } from './params';
export {
  type PseudoLabelOptions,
  type PseudoTargets,
  pseudoLabelTerm,
  pseudoTargets,
  resolvePseudoLabels,
} from './pseudo-labels';
export { type PrecisionRecall, precisionRecall, type RocCurve, rocAuc, rocCurve } from './ranking';
export {
  checkLearningRate,
  DEFAULT_LEARNING_RATE,
  resolveSchedule,
  type ScheduleSpec,
} from './schedule';
export { type SemiSupervisedOptions, type SemiSupervisedPlan, semiSupervised } from './semi-recipe';
export type { StrategySpec } from './strategy';
export { epochOrder, type TensorSourceOptions, tensorSource } from './tensor-source';
