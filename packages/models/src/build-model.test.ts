import { useBackend } from '@aecnn/backends';
import { fromConfig, namedParams, toConfig } from '@aecnn/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleAutoencoder, articleCnn, articleFusion } from './article';
import { autoencoder } from './autoencoder';
import { buildModel, MODEL_KINDS } from './build-model';
import { cnn } from './cnn';
import { featureAutoencoder } from './feature-autoencoder';
import { fusion } from './fusion';
import { type AecnnModel, modelName } from './model';
import { paramShapes, treeShapes } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

const models: [string, () => AecnnModel][] = [
  [
    'dense autoencoder',
    () => autoencoder({ inputShape: [6, 6, 1], kind: 'dense', filters: [8], latentDim: 3, seed: 1 }).model,
  ],
  [
    'conv autoencoder',
    () =>
      autoencoder({ inputShape: [9, 9, 2], filters: [4, 4], upsample: 'upsample', denoising: 0.1, seed: 1 })
        .model,
  ],
  [
    'cnn',
    () => cnn({ inputShape: [8, 8, 1], blocks: [{ filters: 4 }], dense: [5], classes: 3, seed: 1 }).model,
  ],
  ['fusion', () => fusion({ inputShape: [8, 8, 1], filters: [4], latentDim: 4, classes: 3, seed: 1 }).model],
  [
    'featureAutoencoder',
    () =>
      featureAutoencoder({ inputShape: [12, 12, 1], features: { filters: 4 }, filters: [4], seed: 1 }).model,
  ],
  ['articleCnn', () => articleCnn({ seed: 1 }).model],
  ['articleAutoencoder', () => articleAutoencoder({ seed: 1 }).model],
  ['articleFusion', () => articleFusion({ seed: 1 }).model],
];

const NAMES = [
  'autoencoder',
  'autoencoder',
  'cnn',
  'fusion',
  'featureAutoencoder',
  'cnn',
  'autoencoder',
  'fusion',
];

describe('buildModel', () => {
  it.each(models)(
    'rebuilds %s from its JSON config: same kind, paths, shapes and initial weights',
    (_, make) => {
      const model = make();
      const config = JSON.parse(JSON.stringify(model.config));
      const again = buildModel(config, { seed: 1 });
      expect(again.kind).toBe(model.kind);
      expect(again.config).toEqual(model.config);
      expect(paramShapes(again)).toEqual(paramShapes(model));
      const a = namedParams(model.modules);
      for (const [path, v] of namedParams(again.modules)) {
        expect(Array.from(v.dataSync()), path).toEqual(Array.from(a.get(path)!.dataSync()));
      }
    },
  );

  it.each(models)('%s: every module also rebuilds with layers fromConfig', (_, make) => {
    const model = make();
    for (const [name, m] of Object.entries(model.modules)) {
      const copy = fromConfig(toConfig(m), m.inputShape, { seed: 1 });
      expect(copy.outputShape, name).toEqual(m.outputShape);
      expect(treeShapes(copy)).toEqual(treeShapes(m));
    }
  });

  it('a decoder that crops (28 → 4 → 8 → 7) rebuilds from its layers config', () => {
    const { decoder } = autoencoder({ inputShape: [28, 28, 1], filters: [4, 4, 4], seed: 1 });
    expect(toConfig(decoder.children.crop3!)).toEqual({
      kind: 'cropping2d',
      cropping: [
        [0, 1],
        [0, 1],
      ],
      name: 'crop3',
    });
    const copy = fromConfig(toConfig(decoder), decoder.inputShape);
    expect(copy.children.crop3?.outputShape).toEqual([7, 7, 4]);
  });

  it('modelName gives the factory of a model, also after a rebuild', () => {
    const names = models.map(([, make]) => modelName(make()));
    expect(names).toEqual(NAMES);
    expect(modelName(buildModel(fusion({ inputShape: [8, 8, 1], filters: [4], seed: 1 }).model.config))).toBe(
      'fusion',
    );
  });

  it('names the kinds it knows when the kind is unknown', () => {
    expect(MODEL_KINDS).toEqual(['graph', 'autoencoder', 'cnn', 'fusion', 'featureAutoencoder']);
    expect(() => buildModel({ kind: 'gan' })).toThrow(
      /buildModel: unknown model kind "gan"; expected one of graph, autoencoder, cnn, fusion, featureAutoencoder/,
    );
    expect(() => buildModel({ kind: 'cnn', inputShape: [8, 8, 1] }, { sed: 1 } as never)).toThrow(
      /buildModel: unknown option 'sed'; did you mean 'seed'\?/,
    );
    expect(() => buildModel(null as never)).toThrow(
      /buildModel: expected a model config \{ kind, ... \}, got null/,
    );
  });

  it('rebuilds the factory configs of earlier versions with the same parameter paths', () => {
    const old = buildModel({
      kind: 'fusion',
      inputShape: [8, 8, 1],
      filters: [4],
      latentDim: 4,
      classes: 3,
      seed: 2,
    });
    expect(old.kind).toBe('graph');
    expect(old.outputNames).toEqual(['latent', 'reconstruction', 'logits']);
    expect([...namedParams(old.modules).keys()].slice(0, 2)).toEqual([
      'encoder/conv1/kernel',
      'encoder/conv1/bias',
    ]);
  });

  it('passes bad options through to the factory check', () => {
    expect(() => buildModel({ kind: 'fusion', inputShape: [28, 28, 1], classes: 1 })).toThrow(
      /fusion: classes must be/,
    );
  });
});
