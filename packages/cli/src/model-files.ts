import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig } from '@aecnn/layers';
import { loadWeights, namedParams, saveModule } from '@aecnn/layers';
import { fileHandler } from '@aecnn/layers/node';
import { type AecnnModel, buildModel } from '@aecnn/models';
import { RUN_FILES } from './run-folder';

/** What model.json carries beside the weights, so that the model can be rebuilt without the run's settings. */
interface ModelMetadata {
  readonly aecnn: { readonly modelConfig: ModelConfig };
}

/** Saves a model's modules and config as model.json + weights.bin in `dir` (written atomically). */
export async function saveModel(model: AecnnModel, dir: string): Promise<void> {
  const metadata: ModelMetadata = { aecnn: { modelConfig: model.config } };
  await saveModule(model.modules, fileHandler(dir), {
    metadata: metadata as unknown as Record<string, unknown>,
  });
}

/** Rebuilds a model saved by saveModel: its config from model.json, then every weight checked and loaded. */
export async function loadModel(dir: string): Promise<AecnnModel> {
  const file = path.join(dir, RUN_FILES.modelJson);
  let json: { userDefinedMetadata?: Partial<ModelMetadata> };
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${file}: not found; --model expects a run folder written by 'aecnn train' (it holds model.json and weights.bin)`,
      );
    }
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
  const config = json.userDefinedMetadata?.aecnn?.modelConfig;
  if (!config || typeof config.kind !== 'string') {
    throw new Error(
      `${file}: no aecnn model config in its userDefinedMetadata; was it written by 'aecnn train'?`,
    );
  }
  const model = buildModel(config);
  await loadWeights(model.modules, fileHandler(dir));
  return model;
}

/** Frees a model's variables (a CLI command may run many times in one process, e.g. in tests). */
export function disposeModel(model: AecnnModel): void {
  for (const v of namedParams(model.modules).values()) v.dispose();
}
