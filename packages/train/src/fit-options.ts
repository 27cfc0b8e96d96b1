import type { BatchSource } from './batch';
import type { CheckpointStore } from './checkpoint';
import type { ClipOptions } from './clip';
import type { EarlyStoppingOptions } from './early-stopping';
import type { Callbacks, EpochLog } from './events';
import type { MetricSpec } from './metrics';
import type { LossSpec } from './objective';
import type { OptimizerSpec } from './optimizer';
import type { ScheduleSpec } from './schedule';
import type { StrategySpec } from './strategy';

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
  /** Learning-rate schedule over each phase's epochs, or `(epoch, step) => learningRate`. Default 'constant'. */
  readonly schedule?: ScheduleSpec;
  /** Decoupled weight decay (AdamW-style: w -= lr * weightDecay * w) on kernels (rank >= 2). Default 0. */
  readonly weightDecay?: number;
  /**
   * A loss name, a function `(yTrue, yPred) => scalar or [batch]`, or a record by output name. Default: fusion for
   * a model with both heads, 'mse' for reconstruction only, 'crossEntropy' for logits only. The model's added
   * losses (`lossNames`) are always added.
   */
  readonly loss?: LossSpec;
  /** Weight of each output's (or added loss's) term. Default 1. */
  readonly lossWeights?: Readonly<Record<string, number>>;
  /** Training metrics per epoch: 'accuracy', 'mse', 'psnr' or `{ name, output, fn }`. Default: the three built-ins. */
  readonly metrics?: readonly MetricSpec[];
  /** Default 'joint'. */
  readonly strategy?: StrategySpec;
  /** Evaluated after every epoch (see `EpochLog.val`). */
  readonly validationData?: BatchSource;
  /** Fraction in (0, 1) of the training source held out for validation: its last rows (needs a source with take/skip). */
  readonly validationSplit?: number;
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
  /**
   * Stop with a DivergedLossError when a step's loss is above the phase's first loss and this many times its lowest
   * loss so far, before that step is applied. Default 1e4; false turns the check off.
   */
  readonly divergence?: number | false;
  /** Aborting ends the run after the current step (writing a checkpoint first when a store is set). */
  readonly signal?: AbortSignal;
}

/** Every key of FitOptions, for the unknown-option check. */
export const FIT_KEYS: readonly (keyof FitOptions)[] = Object.freeze([
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'schedule',
  'weightDecay',
  'clipNorm',
  'clipValue',
  'loss',
  'lossWeights',
  'metrics',
  'strategy',
  'validationData',
  'validationSplit',
  'validationBatchSize',
  'seed',
  'shuffle',
  'callbacks',
  'earlyStopping',
  'checkpoint',
  'resume',
  'divergence',
  'signal',
]);

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
