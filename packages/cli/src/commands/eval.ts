import { access } from 'node:fs/promises';
import path from 'node:path';
import { bestBackend, useBackend } from '@aecnn/backends';
import { modelName } from '@aecnn/models';
import { evaluate } from '@aecnn/train';
import { formatDataSpec, parseDataSpec } from '../data-spec';
import type { Io } from '../io';
import { loadEvalData, loadRunData } from '../load-data';
import { disposeModel, loadModel } from '../model-files';
import { runNoise } from '../noise-spec';
import type { RunSettings } from '../run-files';
import { RUN_FILES, readRunJson } from '../run-folder';
import { type TestResultWithConfusion, testResultOf } from '../summary';
import type { EvalOptions } from './options';

/** What `aecnn eval` measures; null where the model has no such head. */
export interface EvalResult extends TestResultWithConfusion {
  readonly modelDir: string;
  readonly model: string;
  readonly backend: string;
  readonly data: string;
  /** The data set's class names (a folder of class folders), index by index; absent for plain digit labels. */
  readonly classNames?: readonly string[];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function formatEval(r: EvalResult): string {
  const lines = [`${r.model} from ${r.modelDir} on ${r.data} (${r.n} images, ${r.backend})`];
  if (r.accuracy !== null) lines.push(`accuracy ${(100 * r.accuracy).toFixed(2)}%`);
  if (r.perClassAccuracy) {
    lines.push(
      `per class: ${r.perClassAccuracy.map((a, c) => `${r.classNames?.[c] ?? c} ${a === null ? '—' : `${(100 * a).toFixed(1)}%`}`).join('  ')}`,
    );
  }
  if (r.reconMse !== null)
    lines.push(`reconstruction MSE ${r.reconMse.toFixed(5)}, PSNR ${r.psnr?.toFixed(2)} dB`);
  return `${lines.join('\n')}\n`;
}

/** `aecnn eval`: loads a trained run's model and measures it on labeled images. */
export async function evalCommand(options: EvalOptions, io: Io): Promise<EvalResult> {
  const dir = path.resolve(options.model);
  const modelFile = path.join(dir, RUN_FILES.modelJson);
  if (!(await exists(modelFile))) {
    throw new Error(
      `${modelFile}: not found; --model expects a run folder written by 'aecnn train' (it holds model.json and weights.bin)`,
    );
  }
  const backend = options.backend ? await useBackend(options.backend) : await bestBackend();
  const settingsFile = path.join(dir, RUN_FILES.settings);
  const settings = (await exists(settingsFile))
    ? await readRunJson<RunSettings>(dir, RUN_FILES.settings, '')
    : undefined;
  const model = await loadModel(dir);
  try {
    let data: Awaited<ReturnType<typeof loadEvalData>>;
    let source: string;
    const note = (line: string) => io.err(`${line}\n`);
    if (options.data) {
      data = await loadEvalData(options.data, note, undefined, model.inputShape[2]);
      source = formatDataSpec(options.data);
    } else if (settings) {
      // The run's own test images, chosen exactly as training chose them.
      const run = await loadRunData({
        data: parseDataSpec(settings.data),
        ...(settings.testData ? { testData: parseDataSpec(settings.testData) } : {}),
        seed: settings.seed,
        note,
      });
      data = run.test;
      source = run.testSource;
    } else {
      throw new Error(
        `${dir} has no ${RUN_FILES.settings} to say which images it was tested on; pass --data`,
      );
    }
    const want = model.inputShape.join('×');
    if (data.imageShape.join('×') !== want) {
      throw new Error(
        `--data ${source}: images are ${data.imageShape.join('×')}, but the model takes ${want}`,
      );
    }
    io.err(
      `evaluating ${settings?.model ?? modelName(model)} on ${data.size} images (${source}) on ${backend.name}...\n`,
    );
    const noise = settings ? runNoise(settings) : undefined;
    const r = await evaluate(model, data, {
      batchSize: options.batchSize,
      ...(noise && settings ? { noise, seed: settings.seed } : {}),
    });
    const result: EvalResult = {
      modelDir: dir,
      model: settings?.model ?? modelName(model),
      backend: backend.name,
      data: source,
      ...(data.classNames ? { classNames: data.classNames } : {}),
      ...testResultOf(r),
    };
    io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatEval(result));
    return result;
  } finally {
    disposeModel(model);
  }
}
