import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import { build, dense, sequential } from '@aecnn/layers';
import { articleCnn } from '@aecnn/models';
import { io } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportLayersModel, fromLayersArtifacts, toLayersArtifacts } from './index';

beforeAll(() => useBackend('cpu'));

describe('export options', () => {
  const model = () => build(sequential([dense({ units: 2 })]), [3], { seed: 1 });

  it('rejects unknown keys, naming the closest known one', () => {
    expect(() => toLayersArtifacts(model(), { softMax: true } as never)).toThrow(
      "toLayersArtifacts: unknown option 'softMax'; did you mean 'softmax'? expected one of softmax, name",
    );
  });

  it('exportLayersModel rejects them before saving anything', async () => {
    let saved = 0;
    const handler = io.withSaveHandler(async () => {
      saved++;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    });
    await expect(exportLayersModel(model(), handler, { nam: 'x' } as never)).rejects.toThrow(
      "exportLayersModel: unknown option 'nam'; did you mean 'name'? expected one of softmax, name",
    );
    expect(saved).toBe(0);
  });

  it('takes the known ones', () => {
    const a = toLayersArtifacts(model(), { name: 'tiny' });
    expect((a.modelTopology.config as { name: string }).name).toBe('tiny');
  });
});

describe('importLayersModel on files from someone else', () => {
  it('a model.json without modelTopology, and weight data shorter than its manifest, are clear errors', async () => {
    const { model } = articleCnn({ seed: 1 });
    const a = toLayersArtifacts(model, { outputs: ['logits'] });
    expect(() => fromLayersArtifacts({ weightSpecs: a.weightSpecs, weightData: a.weightData })).toThrow(
      'importLayersModel: the model has no modelTopology (a weights manifest alone, or not a TF.js Layers model.json)',
    );
    const short = a.weightData.slice(0, a.weightData.byteLength - 8);
    expect(() =>
      fromLayersArtifacts({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: short }),
    ).toThrow(
      `importLayersModel: the weight data has ${short.byteLength} bytes, but the manifest describes ${a.weightData.byteLength}; weight '${a.weightSpecs.at(-1)!.name}'`,
    );
  });
});
