import { namedParams } from '@aecnn/layers';
import { type AecnnModel, buildModel } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';

/** What the save/load panel needs from the page. */
export interface StoreDeps {
  model(): AecnnModel | null;
  setModel(m: AecnnModel): Promise<void>;
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
}

/** Writes the model (its config and named weights) with a tf.io handler. */
async function saveModel(model: AecnnModel, handler: tf.io.IOHandler): Promise<string[]> {
  const params = namedParams(model.modules);
  const { data, specs } = await tf.io.encodeWeights(Object.fromEntries(params));
  await handler.save!({
    modelTopology: { aecnn: model.config },
    format: 'aecnn-model',
    generatedBy: 'aecnn playground',
    weightSpecs: specs,
    weightData: data,
  });
  return [...params.keys()];
}

/** Reads a model with a tf.io handler: rebuilds it from its config and checks every weight's name and shape. */
async function loadModel(handler: tf.io.IOHandler, where: string): Promise<AecnnModel> {
  const art = await handler.load!();
  const config = (art.modelTopology as { aecnn?: AecnnModel['config'] } | undefined)?.aecnn;
  if (!config || !art.weightSpecs || !art.weightData) {
    throw new Error(
      `${where}: not an aecnn model (expected modelTopology.aecnn, weightSpecs and weightData)`,
    );
  }
  const model = buildModel(config);
  const weights = tf.io.decodeWeights(art.weightData, art.weightSpecs);
  try {
    const params = namedParams(model.modules);
    const extra = Object.keys(weights).filter((k) => !params.has(k));
    if (extra.length)
      throw new Error(`${where}: weights ${extra.join(', ')} are not in a ${config.kind} model`);
    for (const [path, v] of params) {
      const w = weights[path];
      if (!w) throw new Error(`${where}: weight ${path} is missing`);
      if (!tf.util.arraysEqual(w.shape, v.shape)) {
        throw new Error(`${where}: weight ${path} has shape [${w.shape}], the model expects [${v.shape}]`);
      }
      v.assign(w);
    }
  } catch (err) {
    for (const v of namedParams(model.modules).values()) v.dispose();
    throw err;
  } finally {
    tf.dispose(Object.values(weights));
  }
  return model;
}

/** Creates the page's store; messages go to `deps.status`. */
export function createStore(deps: StoreDeps): Store {
  const say = (text: string, error = false) => {
    deps.status.textContent = text;
    deps.status.classList.toggle('error', error);
  };
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
      say(`loaded a ${model.kind} model from ${where}`);
      return model.kind;
    });
  return {
    save: (url) =>
      guard('save', async () => {
        const model = deps.model();
        if (!model) throw new Error('there is no model yet; train one first');
        const handlers = tf.io.getSaveHandlers(url);
        if (!handlers[0]) throw new Error(`no tf.io handler saves to ${url}`);
        const paths = await saveModel(model, handlers[0]);
        say(`saved the ${model.kind} model (${paths.length} weights) to ${url}`);
        return paths;
      }),
    load: (url) => {
      const handler = tf.io.getLoadHandlers(url)[0];
      if (!handler) return Promise.reject(new Error(`no tf.io handler loads from ${url}`));
      return load(handler, url);
    },
    loadFiles: (files) => {
      const json = files.find((f) => f.name.endsWith('.json'));
      if (!json)
        return guard('load', () => Promise.reject(new Error('pick the model .json and its .bin file')));
      const rest = files.filter((f) => f !== json);
      return load(tf.io.browserFiles([json, ...rest]), json.name);
    },
  };
}
