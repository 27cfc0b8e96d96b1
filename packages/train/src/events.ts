import type { EvaluateResult } from './evaluate';

/**
 * Loss terms by name, weighted as they enter the loss: `reconstruction` and `classification` of the named losses,
 * `pseudo` of the semi strategy, an output's name for a record or function loss, each added loss's name (`kl`).
 */
export type Terms = Readonly<Record<string, number>>;

/** After every optimizer step. */
export interface BatchEndEvent {
  readonly phase: string;
  readonly epoch: number;
  /** Batch index within the epoch. */
  readonly batch: number;
  /** Steps done over the whole run (this one included). */
  readonly step: number;
  readonly size: number;
  readonly loss: number;
  readonly terms: Terms;
  readonly learningRate: number;
}

/** Throughput and time left; sent after every batch. */
export interface ProgressEvent {
  readonly phase: string;
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly step: number;
  /** Fraction of the whole run done, in [0, 1]. */
  readonly fraction: number;
  /** Images per second since this call of fit started. */
  readonly imagesPerSecond: number;
  /** Seconds until the run ends at the current speed (validation not included). */
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
  readonly loss: number;
}

/** One epoch's record; `fit` returns these as its history. */
export interface EpochLog {
  readonly phase: string;
  readonly epoch: number;
  /** Mean loss and terms over the epoch's batches, weighted by batch size. */
  readonly loss: number;
  readonly terms: Terms;
  /** Training metrics over the epoch, weighted by sampleWeight (accuracy over labeled images), and metric functions by name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Validation results, when validation data was given; metric functions in `val.metrics`. */
  readonly val?: EvaluateResult;
  readonly learningRate: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/** When the learning rate changes (schedule or phase start). */
export interface LearningRateEvent {
  readonly phase: string;
  readonly epoch: number;
  readonly step: number;
  readonly from: number | undefined;
  readonly to: number;
}

/** After a checkpoint was stored. */
export interface CheckpointEvent {
  readonly epoch: number;
  readonly step: number;
  readonly stepInEpoch: number;
  readonly bytes: number;
}

/** When early stopping ends the run. */
export interface EarlyStopEvent {
  readonly epoch: number;
  readonly monitor: string;
  readonly best: number;
  readonly bestEpoch: number;
}

/** Hooks called by fit; each may be async (fit awaits it). Call `stop()` on an event to end the run after it. */
export interface Callbacks {
  onBatchEnd?(e: BatchEndEvent & Stoppable): void | Promise<void>;
  onProgress?(e: ProgressEvent & Stoppable): void | Promise<void>;
  onEpochEnd?(e: EpochLog & Stoppable): void | Promise<void>;
  onLearningRateChange?(e: LearningRateEvent): void | Promise<void>;
  onCheckpoint?(e: CheckpointEvent): void | Promise<void>;
  onEarlyStop?(e: EarlyStopEvent): void | Promise<void>;
  onPhaseStart?(e: { readonly phase: string; readonly epoch: number }): void | Promise<void>;
}

/** Events that can end the run. */
export interface Stoppable {
  stop(): void;
}
