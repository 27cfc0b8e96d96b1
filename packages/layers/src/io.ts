import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { build } from './build';
import { type LayerFactory, specFromConfig } from './config';
import { describeTarget, type IOTarget, resolveHandler } from './io-handler';
import type { Module, ModuleConfig, Shape } from './module';
import { isModule, type ModuleTree } from './params';
import { requireBackend } from './require-backend';
import { checkKeys, checkShape } from './shape';
import { getWeights, setWeights } from './weights';

/** `format` of the artifacts this package writes. */
export const ARTIFACTS_FORMAT = 'aecnn-layers';

/** What `modelTopology` holds: the config and input shape of one module or of named modules. */
export interface SavedTopology {
  readonly format: typeof ARTIFACTS_FORMAT;
  readonly version: 1;
  /** Set when a single module was saved. */
  readonly module?: { readonly config: ModuleConfig; readonly inputShape: Shape };
  /** Set when named modules were saved (a model's `modules`). */
  readonly modules?: Readonly<Record<string, { readonly config: ModuleConfig; readonly inputShape: Shape }>>;
}

/** Options of saveModule. */
export interface SaveModuleOptions {
  /** JSON stored beside the weights (`userDefinedMetadata`), e.g. a model's config or training state. */
  metadata?: Record<string, unknown>;
}

/** Options of loadModule / loadModules. */
export interface LoadModuleOptions {
  /** Extra layer kinds (another package's layers), by kind, for fromConfig. */
  kinds?: Readonly<Record<string, LayerFactory>>;
}

/** What was loaded besides the weights. */
export interface LoadedInfo {
  /** The `metadata` given to saveModule. */
  metadata: Record<string, unknown> | undefined;
  /** The saved topology (configs and input shapes). */
  topology: SavedTopology;
}

/**
 * Saves modules as tf.io artifacts: `modelTopology` holds configs and input shapes, the weights are named by path.
 * Works with any tf.io handler: tfjs-core's browser ones (indexeddb://, localstorage://, downloads://),
 * memoryHandler(), or fileHandler(dir) from '@aecnn/layers/node' (model.json + weights.bin).
 */
export async function saveModule(
  root: ModuleTree,
  target: IOTarget,
  options: SaveModuleOptions = {},
): Promise<io.SaveResult> {
  checkKeys(options, ['metadata'], 'saveModule');
  const entry = (m: Module) => ({ config: m.config, inputShape: [...m.inputShape] });
  const topology: SavedTopology = isModule(root)
    ? { format: ARTIFACTS_FORMAT, version: 1, module: entry(root) }
    : {
        format: ARTIFACTS_FORMAT,
        version: 1,
        modules: Object.fromEntries(Object.entries(root).map(([name, m]) => [name, entry(m)])),
      };
  const handler = resolveHandler(target, 'save', 'saveModule');
  const weights = getWeights(root);
  let encoded: { data: ArrayBuffer; specs: io.WeightsManifestEntry[] };
  try {
    encoded = await tf.io.encodeWeights(weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
  return handler.save({
    modelTopology: JSON.parse(JSON.stringify(topology)),
    weightSpecs: encoded.specs,
    weightData: encoded.data,
    format: ARTIFACTS_FORMAT,
    generatedBy: '@aecnn/layers',
    convertedBy: null,
    ...(options.metadata ? { userDefinedMetadata: options.metadata as Record<string, object> } : {}),
  });
}

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

async function readArtifacts(
  target: IOTarget,
): Promise<{ artifacts: io.ModelArtifacts; topology: SavedTopology }> {
  const handler = resolveHandler(target, 'load', 'loadModule');
  const where = describeTarget(target);
  const artifacts = await handler.load();
  const topology = artifacts.modelTopology as SavedTopology | undefined;
  if (topology == null || topology.format !== ARTIFACTS_FORMAT) {
    throw new Error(
      `loadModule: ${where} does not hold @aecnn/layers artifacts (modelTopology.format is not '${ARTIFACTS_FORMAT}')`,
    );
  }
  if (!artifacts.weightSpecs || artifacts.weightData == null) {
    throw new Error(`loadModule: ${where} has no weights (weightSpecs or weightData missing)`);
  }
  return { artifacts, topology };
}

/** Decodes the named weights, checking that the data holds exactly what the specs describe. */
function decode(artifacts: io.ModelArtifacts, where: string): tf.NamedTensorMap {
  const specs = artifacts.weightSpecs!;
  let expected = 0;
  for (const s of specs) {
    if (s.quantization)
      throw new Error(
        `loadModule: weight '${s.name}' in ${where} is quantized, which this loader does not read`,
      );
    const bytes = BYTES[s.dtype];
    if (bytes === undefined)
      throw new Error(`loadModule: weight '${s.name}' in ${where} has unsupported dtype ${s.dtype}`);
    expected += s.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  const data = new tf.io.CompositeArrayBuffer(artifacts.weightData!);
  if (data.byteLength !== expected) {
    throw new Error(
      `loadModule: the weight data in ${where} holds ${data.byteLength} bytes but its manifest describes ${expected}; the weights file is truncated or belongs to another model`,
    );
  }
  return tf.io.decodeWeights(artifacts.weightData!, specs);
}

function assign(root: ModuleTree, artifacts: io.ModelArtifacts, where: string): void {
  const weights = decode(artifacts, where);
  try {
    setWeights(root, weights, { source: where });
  } finally {
    tf.dispose(Object.values(weights));
  }
}

function rebuild(
  entry: { config: ModuleConfig; inputShape: Shape },
  name: string,
  options: LoadModuleOptions,
): Module {
  checkShape(entry.inputShape, `loadModule(${name})`);
  // NOTE: built with a fixed seed only to allocate the Variables; every value is then overwritten.
  return build(specFromConfig(entry.config, options.kinds), entry.inputShape, {
    seed: 0,
    ...(name ? { name } : {}),
  });
}

/** Runs `read` on what `where` holds; an error it throws gets `where` (the file) in front of its message. */
function inFile<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    const e = err as Error;
    if (e.message.includes(where)) throw err;
    throw new Error(`${where}: ${e.message}`, { cause: err });
  }
}

/**
 * Loads a module saved by saveModule(module, ...): rebuilds it from its config and loads its weights, checking
 * each weight's name, shape and dtype. Returns the module and what was saved beside it.
 */
export async function loadModule(
  source: IOTarget,
  options: LoadModuleOptions = {},
): Promise<{ module: Module } & LoadedInfo> {
  checkKeys(options, ['kinds'], 'loadModule');
  requireBackend('loadModule');
  const where = describeTarget(source);
  const { artifacts, topology } = await readArtifacts(source);
  if (!topology.module) throw new Error(`loadModule: ${where} holds named modules; use loadModules`);
  const module = inFile(where, () => rebuild(topology.module!, '', options));
  assign(module, artifacts, where);
  return { module, metadata: artifacts.userDefinedMetadata as LoadedInfo['metadata'], topology };
}

/** Loads named modules saved by saveModule({ encoder, decoder }, ...), as loadModule does for one. */
export async function loadModules(
  source: IOTarget,
  options: LoadModuleOptions = {},
): Promise<{ modules: Record<string, Module> } & LoadedInfo> {
  checkKeys(options, ['kinds'], 'loadModules');
  requireBackend('loadModules');
  const where = describeTarget(source);
  const { artifacts, topology } = await readArtifacts(source);
  if (!topology.modules) throw new Error(`loadModules: ${where} holds a single module; use loadModule`);
  const modules = inFile(where, () =>
    Object.fromEntries(
      Object.entries(topology.modules!).map(([name, entry]) => [name, rebuild(entry, name, options)]),
    ),
  );
  assign(modules, artifacts, where);
  return { modules, metadata: artifacts.userDefinedMetadata as LoadedInfo['metadata'], topology };
}

/**
 * Loads saved weights into modules that already exist (e.g. a model rebuilt by its own factory), checking every
 * weight's name, shape and dtype; nothing is assigned unless all match. Returns what was saved beside them.
 */
export async function loadWeights(root: ModuleTree, source: IOTarget): Promise<LoadedInfo> {
  const where = describeTarget(source);
  const { artifacts, topology } = await readArtifacts(source);
  assign(root, artifacts, where);
  return { metadata: artifacts.userDefinedMetadata as LoadedInfo['metadata'], topology };
}

/** A tf.io handler that keeps the artifacts in memory (a copy), for tests, undo stacks and workers. */
export interface MemoryHandler extends io.IOHandler {
  /** The last saved artifacts, or undefined. */
  artifacts: io.ModelArtifacts | undefined;
  readonly description: string;
}

/** Creates an in-memory tf.io handler: save keeps a copy of the artifacts, load returns it. */
export function memoryHandler(name = 'memory'): MemoryHandler {
  const h: MemoryHandler = {
    artifacts: undefined,
    description: `memoryHandler(${name})`,
    async save(a) {
      const weightData = new tf.io.CompositeArrayBuffer(a.weightData).slice();
      h.artifacts = { ...JSON.parse(JSON.stringify({ ...a, weightData: undefined })), weightData };
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weightData.byteLength,
        },
      };
    },
    async load() {
      if (!h.artifacts) throw new Error(`${h.description}: nothing has been saved yet`);
      return h.artifacts;
    },
  };
  return h;
}
