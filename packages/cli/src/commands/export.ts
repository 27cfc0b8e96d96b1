import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { exportedOutputs, exportLayersModel } from '@aecnn/interop';
import { fileHandler } from '@aecnn/layers/node';
import type { AecnnModel } from '@aecnn/models';
import { UsageError } from '../errors';
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
    const picked = { softmax: options.softmax, ...(options.outputs ? { outputs: options.outputs } : {}) };
    const outputs = chosenOutputs(model, picked);
    await exportLayersModel(model, fileHandler(out), picked);
    const result = { modelJson: path.join(out, 'model.json'), outputs };
    io.err(`exported ${model.kind} (outputs: ${result.outputs.join(', ')}) as a TF.js Layers model\n`);
    io.out(`${result.modelJson}\n`);
    return result;
  } finally {
    disposeModel(model);
  }
}

/** The outputs `aecnn export` writes; a bad `--outputs` or `--softmax` is a usage error (exit code 2). */
function chosenOutputs(
  model: AecnnModel,
  picked: { softmax: boolean; outputs?: readonly string[] },
): string[] {
  let outputs: string[];
  try {
    outputs = exportedOutputs(model, picked);
  } catch (err) {
    throw new UsageError(`--outputs: ${(err as Error).message.replace(/^exportedOutputs: /, '')}`);
  }
  if (picked.softmax && !outputs.includes('logits')) {
    throw new UsageError(`--softmax needs a 'logits' output; the exported outputs are ${outputs.join(', ')}`);
  }
  return outputs;
}
