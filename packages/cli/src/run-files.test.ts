import type { EpochLog } from '@aecnn/train';
import { describe, expect, it } from 'vitest';
import { epochRecord } from './run-files';

describe('epochRecord', () => {
  it('writes every validation number, term and metric function as its own val_ column', () => {
    const log: EpochLog = {
      phase: 'joint',
      epoch: 2,
      loss: 0.5,
      terms: { reconstruction: 0.2, kl: 0.3 },
      metrics: { accuracy: 0.9, mine: 0.01 },
      val: {
        count: 10,
        labeled: 10,
        loss: 0.6,
        terms: { reconstruction: 0.25, kl: 0.35 },
        accuracy: 0.8,
        negativeElbo: 101.5,
        reconstructionNll: 90,
        kl: 11.5,
        metrics: { mine: 0.02 },
      },
      learningRate: 1e-3,
      seconds: 4,
      imagesPerSecond: 250,
    };
    expect(epochRecord(log)).toEqual({
      epoch: 3,
      phase: 'joint',
      loss: 0.5,
      reconstruction_loss: 0.2,
      kl_loss: 0.3,
      accuracy: 0.9,
      mine: 0.01,
      val_loss: 0.6,
      val_accuracy: 0.8,
      val_negative_elbo: 101.5,
      val_reconstruction_nll: 90,
      val_kl: 11.5,
      val_reconstruction_loss: 0.25,
      val_kl_loss: 0.35,
      val_mine: 0.02,
      learning_rate: 1e-3,
      images_per_second: 250,
      seconds: 4,
    });
  });
});
