import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { exportedOutputs, exportLayersModel, toOnnx } from '@aecnn/interop';
import { fileHandler } from '@aecnn/layers/node';
import { type AecnnModel, modelName } from '@aecnn/models';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { disposeModel, loadModel } from '../model-files';
import { RUN_FILES, writeFileAtomic } from '../run-folder';
import type { ExportOptions } from './options';

/** What `aecnn export` wrote. */
export interface ExportResult {
  /** The file a runtime opens: model.json (layers) or model.onnx (onnx). */
  readonly file: string;
  readonly outputs: string[];
}

/** Files whose presence in `--out` means it holds a run or an exported model (refused without --force). */
const TAKEN = [
  RUN_FILES.settings,
  RUN_FILES.modelJson,
  RUN_FILES.weights,
  RUN_FILES.checkpoint,
  'model.onnx',
];

/**
 * `aecnn export --model DIR --format layers|onnx --out DIR`: writes a trained run's model as a TF.js Layers model
 * (model.json + weights.bin, for tf.loadLayersModel and tensorflowjs_converter) or as ONNX (model.onnx, for
 * onnxruntime). A folder that already holds a run or a model is refused unless `--force`.
 */
export async function exportCommand(options: ExportOptions, io: Io): Promise<ExportResult> {
  if (options.opset !== undefined && options.format !== 'onnx')
    throw new UsageError(`--opset applies to --format onnx only; this export is --format ${options.format}`);
  const out = path.resolve(options.out);
  await checkOut(out, options.force);
  // Export only reads weights: the cpu backend needs no wasm start-up and gives the exact stored values.
  await useBackend('cpu');
  const model = await loadModel(path.resolve(options.model));
  try {
    const picked = { softmax: options.softmax, ...(options.outputs ? { outputs: options.outputs } : {}) };
    const outputs = chosenOutputs(model, picked);
    let file: string;
    if (options.format === 'onnx') {
      const bytes = toOnnx(model, { ...picked, ...(options.opset ? { opset: options.opset } : {}) });
      file = path.join(out, 'model.onnx');
      await writeFileAtomic(file, bytes);
    } else {
      await exportLayersModel(model, fileHandler(out), picked);
      file = path.join(out, 'model.json');
    }
    const as = options.format === 'onnx' ? 'an ONNX model' : 'a TF.js Layers model';
    const names = outputs.map((n) =>
      options.softmax && n === 'logits' && options.format === 'onnx' ? 'probabilities' : n,
    );
    io.err(`exported ${modelName(model)} (outputs: ${names.join(', ')}) as ${as}\n`);
    io.out(`${file}\n`);
    return { file, outputs: names };
  } finally {
    disposeModel(model);
  }
}

/** Refuses an `--out` that is a file, or a folder holding a run or a model, unless `force`. */
async function checkOut(out: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR')
      throw new UsageError(`--out ${out} is a file; give a folder to write the model to`);
    throw err;
  }
  const taken = TAKEN.filter((f) => entries.includes(f));
  if (taken.length > 0 && !force) {
    const what = taken.includes(RUN_FILES.settings) ? 'a training run' : 'a model';
    throw new UsageError(
      `--out ${out} already holds ${what} (${taken.join(', ')}); choose another folder, or add --force to overwrite`,
    );
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
