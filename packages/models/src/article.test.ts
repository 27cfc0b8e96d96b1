import { useBackend } from '@aecnn/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleAutoencoder, articleCnn, articleFusion } from './article';
import { outputShapes, paramShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('article presets', () => {
  it('articleCnn is the article classifier: 347,146 parameters, logits out', () => {
    const { model } = articleCnn({ seed: 1 });
    // conv 3*3*1*32+32 = 320; 28 -3+1→ 26, pool → 13: dense 13*13*32*64+64 = 346176; dense 64*10+10 = 650
    expect(model.paramCount()).toBe(347146);
    expect(outputShapes(model)).toEqual({ latent: [2, 64], logits: [2, 10] });
    const table = model.summary();
    expect(table).toMatch(/encoder\/pool1 +maxPool2d +\(None, 13, 13, 32\) +0/);
    expect(table).toMatch(/encoder\/dense1 +dense +\(None, 64\) +346,176/);
    expect(table).toMatch(/Total params: 347,146/);
    expect(paramShapes(model)).toEqual({
      'encoder/conv1/kernel': [3, 3, 1, 32],
      'encoder/conv1/bias': [32],
      'encoder/dense1/kernel': [5408, 64],
      'encoder/dense1/bias': [64],
      'classifier/logits/kernel': [64, 10],
      'classifier/logits/bias': [10],
    });
  });

  it('articleAutoencoder restores 28x28x1 through 13x13x32 and a Dense 64 latent: 698,305 parameters', () => {
    const { model, decoder } = articleAutoencoder({ seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 64], reconstruction: [2, 28, 28, 1] });
    expect(decoder.children.unflatten?.outputShape).toEqual([13, 13, 32]);
    expect(decoder.children.up1?.outputShape).toEqual([26, 26, 32]);
    // encoder 320 + 346176; decoder (64*5408+5408) + (3*3*32*1+1)
    expect(model.paramCount()).toBe(346496 + 351809);
  });

  it('articleFusion puts the Dense 10 classifier on the latent, not on the reconstruction', () => {
    const { model, classifier } = articleFusion({ seed: 1 });
    expect(outputShapes(model)).toEqual({ latent: [2, 64], reconstruction: [2, 28, 28, 1], logits: [2, 10] });
    expect(classifier.inputShape).toEqual([64]);
    expect(model.paramCount()).toBe(698305 + 650);
  });

  it('presets reject unknown options', () => {
    expect(() => articleCnn({ seeed: 1 } as never)).toThrow(
      "articleCnn: unknown option 'seeed'; did you mean 'seed'? expected one of seed",
    );
    expect(() => articleFusion({ latentDim: 8 } as never)).toThrow(
      "articleFusion: unknown option 'latentDim'; expected one of seed",
    );
  });
});
