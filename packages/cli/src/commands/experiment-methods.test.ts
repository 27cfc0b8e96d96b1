import { useBackend } from '@aecnn/backends';
import { Dataset } from '@aecnn/data';
import { fusion } from '@aecnn/models';
import { modelParams } from '@aecnn/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../model-files';
import { FULL_LABEL_FUSION, fusionOptions } from './experiment-methods';

beforeAll(async () => {
  await useBackend('cpu');
});

// 40 images of 28x28, label i % 4
const digits = () =>
  Dataset.fromArrays({
    images: new Uint8Array(40 * 28 * 28),
    height: 28,
    width: 28,
    labels: Uint8Array.from({ length: 40 }, (_, i) => i % 4),
    numClasses: 4,
  });

const paramCount = (options: ReturnType<typeof fusionOptions>): number => {
  const { model } = fusion(options);
  let n = 0;
  for (const v of modelParams(model).values()) n += v.size;
  disposeModel(model);
  return n;
};

describe('fusionOptions', () => {
  it('keeps the default fusion model with few labels and takes the three-stage one with every label', () => {
    const few = fusionOptions(digits().labeledUnlabeled({ labels: 8, seed: 1 }), 3);
    expect(few).toEqual({ inputShape: [28, 28, 1], classes: 4, seed: 3 });
    const all = fusionOptions(digits(), 3);
    expect(all).toEqual({ inputShape: [28, 28, 1], classes: 4, seed: 3, ...FULL_LABEL_FUSION });
    // the sizes docs/RESULTS.md reports for 10 classes: 114,283 and 747,275 parameters
    expect(paramCount({ ...few, classes: 10 })).toBe(114_283);
    expect(paramCount({ ...all, classes: 10 })).toBe(747_275);
  });
});
