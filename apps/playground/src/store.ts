import { loadWeights, memoryHandler, namedParams, saveModule } from '@aecnn/layers';
import { type AecnnModel, buildModel, modelName } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import type { FixedDigits } from './digits';
import type { OnnxProbe } from './hook';
import { disposeOutput, infer } from './models';
import type { Layout } from './ui/layout';
import { statusLine } from './ui/status';

/** What the save/load panel needs from the page. */
export interface StoreDeps {
  model(): AecnnModel | null;
  setModel(m: AecnnModel): Promise<void>;
  /** The ten fixed test digits (null until the digits load), for `onnx`. */
  probe(): FixedDigits | null;
  status: HTMLElement;
}

/** Save/load of the page's model through tf.io handlers (IndexedDB, download, uploaded files). */
export interface Store {
  /** Saves to a tf.io URL (`indexeddb://name`, `downloads://name`); resolves with the weights' paths. */
  save(url: string): Promise<string[]>;
  /** Loads from a tf.io URL; resolves with the model's kind. */
  load(url: string): Promise<string>;
  /** Loads from files picked by the user (the .json and its .bin). */
  loadFiles(files: File[]): Promise<string>;
  /** The model as ONNX (`logits` as `probabilities`), and aecnn's class for the ten fixed digits. */
  onnx(): Promise<OnnxProbe>;
  /** Downloads the model as `aecnn-playground.onnx`. */
  downloadOnnx(): Promise<void>;
}

/** The ONNX bytes of `model`, its classifier head ending in a softmax (`probabilities`) when it has one. */
async function onnxBytes(model: AecnnModel): Promise<Uint8Array> {
  // NOTE: imported on first use, so the exporter (and protobufjs) stay out of the page's start-up JS.
  const { toOnnx } = await import('@aecnn/interop');
  return toOnnx(model, { softmax: model.outputNames.includes('logits') });
}

/** Saves the model with @aecnn/layers (modules' configs + named weights) and the model's config as metadata. */
async function saveModel(model: AecnnModel, handler: tf.io.IOHandler): Promise<string[]> {
  await saveModule(model.modules, handler, { metadata: { model: model.config } });
  return [...namedParams(model.modules).keys()];
}

/**
 * Loads a model saved by saveModel: rebuilds it with @aecnn/models' buildModel from the saved config, then
 * @aecnn/layers' loadWeights checks every weight's name, shape and dtype before assigning any.
 */
async function loadModel(handler: tf.io.IOHandler, where: string): Promise<AecnnModel> {
  // NOTE: read once into memory: the config is needed to build the model before its weights can be loaded.
  const memory = memoryHandler(where);
  memory.artifacts = await handler.load!();
  const config = (memory.artifacts.userDefinedMetadata as { model?: AecnnModel['config'] } | undefined)
    ?.model;
  if (!config)
    throw new Error(`${where}: not a model saved by the playground (no model config in its metadata)`);
  const model = buildModel(config);
  try {
    await loadWeights(model.modules, memory);
  } catch (err) {
    for (const v of namedParams(model.modules).values()) v.dispose();
    throw err;
  }
  return model;
}

/** Creates the page's store; messages go to `deps.status`. */
export function createStore(deps: StoreDeps): Store {
  const say = statusLine(deps.status);
  async function guard<T>(what: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      say(`${what} failed: ${(err as Error).message}`, true);
      throw err;
    }
  }
  const load = (handler: tf.io.IOHandler, where: string) =>
    guard('load', async () => {
      const model = await loadModel(handler, where);
      await deps.setModel(model);
      say(`loaded a ${modelName(model)} model from ${where}`);
      return modelName(model);
    });
  return {
    save: (url) =>
      guard('save', async () => {
        const model = deps.model();
        if (!model) throw new Error('there is no model yet; train one first');
        const handlers = tf.io.getSaveHandlers(url);
        if (!handlers[0]) throw new Error(`no tf.io handler saves to ${url}`);
        const paths = await saveModel(model, handlers[0]);
        say(`saved the ${modelName(model)} model (${paths.length} weights) to ${url}`);
        return paths;
      }),
    load: (url) => {
      const handler = tf.io.getLoadHandlers(url)[0];
      if (!handler) return Promise.reject(new Error(`no tf.io handler loads from ${url}`));
      return load(handler, url);
    },
    onnx: () =>
      guard('ONNX export', async () => {
        const model = deps.model();
        const probe = deps.probe();
        if (!model || !probe) throw new Error('there is no model yet; train one first');
        const out = infer(model, () => tf.tensor4d(probe.x, [10, 28, 28, 1]), ['logits']);
        const classes = out.logits ? [...(await tf.argMax(out.logits, 1).data())] : [];
        disposeOutput(out);
        return { bytes: await onnxBytes(model), images: [...probe.x], classes };
      }),
    downloadOnnx: () =>
      guard('ONNX export', async () => {
        const model = deps.model();
        if (!model) throw new Error('there is no model yet; train one first');
        const bytes = await onnxBytes(model);
        const link = document.createElement('a');
        link.href = URL.createObjectURL(
          new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        );
        link.download = 'aecnn-playground.onnx';
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 1000);
        say(`downloaded the ${modelName(model)} model as ONNX (${(bytes.length / 1e6).toFixed(2)} MB)`);
      }),
    loadFiles: (files) => {
      const json = files.find((f) => f.name.endsWith('.json'));
      if (!json)
        return guard('load', () => Promise.reject(new Error('pick the model .json and its .bin file')));
      const rest = files.filter((f) => f !== json);
      return load(tf.io.browserFiles([json, ...rest]), json.name);
    },
  };
}

/** Wires the save and load controls to `store` (errors show in the store's status line). */
export function bindStoreControls(ui: Layout, store: Store): void {
  const quiet = (p: Promise<unknown>) => void p.catch(() => {});
  ui.save.addEventListener('click', () => quiet(store.save('indexeddb://aecnn-playground')));
  ui.load.addEventListener('click', () => quiet(store.load('indexeddb://aecnn-playground')));
  ui.download.addEventListener('click', () => quiet(store.save('downloads://aecnn-playground')));
  ui.downloadOnnx.addEventListener('click', () => quiet(store.downloadOnnx()));
  ui.upload.addEventListener('change', () => {
    if (ui.upload.files?.length) quiet(store.loadFiles([...ui.upload.files]));
  });
}
