import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { exportedHeads, exportLayersModel } from '@aecnn/interop';
import { fileHandler } from '@aecnn/layers/node';
import type { Io } from '../io';
import { disposeModel, loadModel } from '../model-files';
import type { ExportOptions } from './options';

/** What `aecnn export` wrote. */
export interface ExportResult {
  readonly modelJson: string;
  readonly outputs: string[];
}

/**
 * `aecnn export --model DIR --format layers --out DIR`: writes a trained run's model as a TF.js Layers model
 * (model.json + weights.bin) that tf.loadLayersModel loads and tensorflowjs_converter turns into Keras.
 */
export async function exportCommand(options: ExportOptions, io: Io): Promise<ExportResult> {
  // Export only reads weights: the cpu backend needs no wasm start-up and gives the exact stored values.
  await useBackend('cpu');
  const model = await loadModel(path.resolve(options.model));
  try {
    const out = path.resolve(options.out);
    await exportLayersModel(model, fileHandler(out), { softmax: options.softmax });
    const result = { modelJson: path.join(out, 'model.json'), outputs: exportedHeads(model) };
    io.err(`exported ${model.kind} (outputs: ${result.outputs.join(', ')}) as a TF.js Layers model\n`);
    io.out(`${result.modelJson}\n`);
    return result;
  } finally {
    disposeModel(model);
  }
}
