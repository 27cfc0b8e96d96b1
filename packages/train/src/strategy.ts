import type { Head } from '@aecnn/layers';
import { type BatchSource, checkBatchSource } from './batch';
import { type NoiseSpec, resolveNoise } from './noise';
import type { LossSpec } from './objective';

/**
 * How to train: `joint` (one loss over all heads), `denoising` (corrupt inputs, reconstruct clean ones), or
 * `pretrain` (the autoencoder on all images for `pretrainEpochs`, then the classifier head on labeled images,
 * with the encoder frozen or fine-tuned).
 */
export type StrategySpec =
  | 'joint'
  | 'denoising'
  | { readonly kind: 'joint' }
  | { readonly kind: 'denoising'; readonly noise?: NoiseSpec }
  | {
      readonly kind: 'pretrain';
      /** Epochs of autoencoder training before the classifier phase (counted in `epochs`). */
      readonly pretrainEpochs: number;
      /** 'frozen' trains only the classifier module; 'finetune' trains encoder and classifier. Default 'frozen'. */
      readonly encoder?: 'frozen' | 'finetune';
      /** Batches for the classifier phase (e.g. only the labeled images). Default: the training data. */
      readonly classifierData?: BatchSource;
      /** Loss of the pretraining phase. Default 'mse'. */
      readonly reconstructionLoss?: 'mse' | 'bce';
    };

/** One stretch of training with its own loss, variables, data and optimizer. */
export interface Phase {
  readonly name: string;
  /** First epoch (inclusive) and end epoch (exclusive) over the whole run. */
  readonly start: number;
  readonly end: number;
  readonly loss: LossSpec | undefined;
  /** Module names whose trainable variables this phase updates (undefined: all). */
  readonly modules: readonly string[] | undefined;
  readonly data: BatchSource;
  readonly noise: Required<NoiseSpec> | undefined;
}

/** Checks a strategy against the model and turns it into phases covering epochs [0, epochs). */
export function resolveStrategy(
  spec: StrategySpec,
  ctx: {
    epochs: number;
    data: BatchSource;
    loss: LossSpec | undefined;
    heads: readonly Head[];
    modules: readonly string[];
  },
): Phase[] {
  const s = typeof spec === 'string' ? { kind: spec } : spec;
  const whole = { start: 0, end: ctx.epochs, modules: undefined, data: ctx.data };
  switch (s?.kind) {
    case 'joint':
      return [{ name: 'joint', ...whole, loss: ctx.loss, noise: undefined }];
    case 'denoising': {
      if (!ctx.heads.includes('reconstruction')) {
        throw new Error(
          `strategy 'denoising': the model has no reconstruction head (heads: ${ctx.heads.join(', ')})`,
        );
      }
      return [
        {
          name: 'denoising',
          ...whole,
          loss: ctx.loss,
          noise: resolveNoise((s as { noise?: NoiseSpec }).noise),
        },
      ];
    }
    case 'pretrain': {
      const p = s as Extract<StrategySpec, { kind: 'pretrain' }>;
      for (const m of ['encoder', 'classifier']) {
        if (!ctx.modules.includes(m)) {
          throw new Error(
            `strategy 'pretrain': the model needs modules 'encoder' and 'classifier', got ${ctx.modules.join(', ')}`,
          );
        }
      }
      if (!(ctx.heads.includes('reconstruction') && ctx.heads.includes('logits'))) {
        throw new Error(
          `strategy 'pretrain': the model must return reconstruction and logits, got ${ctx.heads.join(', ')}`,
        );
      }
      if (!(Number.isInteger(p.pretrainEpochs) && p.pretrainEpochs >= 1 && p.pretrainEpochs < ctx.epochs)) {
        throw new Error(
          `strategy 'pretrain': pretrainEpochs must be an integer in [1, epochs - 1] = [1, ${ctx.epochs - 1}], got ${p.pretrainEpochs}`,
        );
      }
      const encoder = p.encoder ?? 'frozen';
      if (encoder !== 'frozen' && encoder !== 'finetune') {
        throw new Error(
          `strategy 'pretrain': encoder must be 'frozen' or 'finetune', got ${JSON.stringify(encoder)}`,
        );
      }
      if (p.classifierData !== undefined)
        checkBatchSource(p.classifierData, "strategy 'pretrain': classifierData");
      const recon = p.reconstructionLoss ?? 'mse';
      return [
        {
          name: 'pretrain',
          start: 0,
          end: p.pretrainEpochs,
          loss: recon,
          modules: ctx.modules.filter((m) => m !== 'classifier'),
          data: ctx.data,
          noise: undefined,
        },
        {
          name: 'classifier',
          start: p.pretrainEpochs,
          end: ctx.epochs,
          loss: 'crossEntropy',
          modules: encoder === 'frozen' ? ['classifier'] : ['encoder', 'classifier'],
          data: p.classifierData ?? ctx.data,
          noise: undefined,
        },
      ];
    }
    default:
      throw new Error(
        `strategy: expected 'joint', 'denoising' or { kind: 'pretrain', pretrainEpochs, encoder? }, got ${JSON.stringify(spec)}`,
      );
  }
}
