import { type AugmentSpec, checkAugmentSpec } from '@aecnn/data';
import type { Head } from '@aecnn/layers';
import { type BatchSource, checkBatchSource } from './batch';
import { type NoiseSpec, resolveNoise } from './noise';
import type { LossSpec } from './objective';
import { type PseudoLabelOptions, resolvePseudoLabels } from './pseudo-labels';

/**
 * How to train: `joint` (one loss over all heads), `denoising` (corrupt inputs, reconstruct clean ones), `semi`
 * (fusion with few labels: denoising plus pseudo-labels on confident unlabeled images), or
 * `pretrain` (the autoencoder on all images for `pretrainEpochs`, then the classifier head on labeled images,
 * with the encoder frozen or fine-tuned).
 */
export type StrategySpec =
  | 'joint'
  | 'denoising'
  | { readonly kind: 'joint' }
  | { readonly kind: 'denoising'; readonly noise?: NoiseSpec }
  | {
      readonly kind: 'semi';
      /** Seeded augmentation of the training view (e.g. `{ shift: { maxShift: 2 } }`); pseudo-labels come from the un-augmented clean images. Default: none. */
      readonly augment?: AugmentSpec;
      /** Input corruption of the training view; the reconstruction target stays clean. Default gaussian σ 0.3; false: none. */
      readonly noise?: NoiseSpec | false;
      /** Confident clean predictions of unlabeled images become targets. Default on (threshold 0.9, weight 0.5, from epoch 1); false: off. */
      readonly pseudoLabels?: PseudoLabelOptions | false;
    }
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
  /** Pseudo-labelling of unlabeled images (the `semi` strategy). */
  readonly pseudoLabels?: Required<PseudoLabelOptions>;
  /** Augmentation of the training view; the reconstruction target is the augmented clean image. */
  readonly augment?: AugmentSpec;
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
    case 'semi': {
      const p = s as Extract<StrategySpec, { kind: 'semi' }>;
      if (!(ctx.heads.includes('reconstruction') && ctx.heads.includes('logits'))) {
        throw new Error(
          `strategy 'semi': the model must return reconstruction and logits (a fusion model), got ${ctx.heads.join(', ')}`,
        );
      }
      return [
        {
          name: 'semi',
          ...whole,
          loss: ctx.loss,
          noise: p.noise === false ? undefined : resolveNoise(p.noise),
          ...(p.pseudoLabels === false ? {} : { pseudoLabels: resolvePseudoLabels(p.pseudoLabels) }),
          ...(p.augment ? { augment: checkAugmentSpec(p.augment) } : {}),
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
        `strategy: expected 'joint', 'denoising', { kind: 'semi', noise?, pseudoLabels? } or { kind: 'pretrain', pretrainEpochs, encoder? }, got ${JSON.stringify(spec)}`,
      );
  }
}
