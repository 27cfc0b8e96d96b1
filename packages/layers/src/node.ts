// Node-only entry (`@aecnn/layers/node`): a tf.io file handler, since tfjs-core has none for Node.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { checkWeightBytes } from './weight-bytes';

/** A tf.io handler on a directory (model.json + weights.bin), with a description for messages. */
export interface FileHandler extends io.IOHandler {
  readonly description: string;
}

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function readOrExplain(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`fileHandler: ${what} ${file} does not exist`);
    throw err;
  }
}

/** Weights path `p` listed in `jsonPath`, resolved in `dir`; absolute paths, URLs and `..` escapes are refused. */
function insideDir(dir: string, p: unknown, jsonPath: string): string {
  const bad = (why: string) =>
    new Error(
      `fileHandler: ${jsonPath} lists weights path ${JSON.stringify(p)}, ${why}; expected a file name beside it`,
    );
  if (typeof p !== 'string' || p === '') throw bad('which is not a file name');
  if (/^[a-z][a-z0-9+.-]*:/i.test(p)) throw bad('a URL');
  if (path.isAbsolute(p)) throw bad('an absolute path');
  const file = path.resolve(dir, p);
  const rel = path.relative(path.resolve(dir), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw bad('outside its folder');
  return file;
}

/**
 * A tf.io handler that saves to and loads from `target`: a directory (model.json + weights.bin inside) or a
 * `.json` path (weights beside it). `file://` prefixes are accepted. Each file is written to a temporary name
 * and renamed, so a reader never sees half a file.
 */
export function fileHandler(target: string): FileHandler {
  if (typeof target !== 'string' || target === '')
    throw new Error(`fileHandler: expected a path, got ${JSON.stringify(target)}`);
  const p = target.startsWith('file://') ? target.slice('file://'.length) : target;
  const jsonPath = p.endsWith('.json') ? p : path.join(p, 'model.json');
  const dir = path.dirname(jsonPath);
  const base = path.basename(jsonPath, '.json');
  const weightsName = base === 'model' ? 'weights.bin' : `${base}.weights.bin`;
  return {
    description: jsonPath,
    async save(a) {
      if (a.weightData == null || a.weightSpecs == null)
        throw new Error(`fileHandler(${jsonPath}): nothing to save (no weights)`);
      const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData));
      const json: io.ModelJSON = {
        modelTopology: a.modelTopology as object,
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
        weightsManifest: [{ paths: [weightsName], weights: a.weightSpecs }],
        ...(a.userDefinedMetadata ? { userDefinedMetadata: a.userDefinedMetadata } : {}),
      };
      await mkdir(dir, { recursive: true });
      // NOTE: weights first, so that a model.json on disk never points at weights that are not there yet.
      await writeAtomic(path.join(dir, weightsName), data);
      await writeAtomic(jsonPath, JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: data.byteLength,
        },
      };
    },
    async load() {
      const text = (await readOrExplain(jsonPath, 'model file')).toString('utf8');
      let json: io.ModelJSON;
      try {
        json = JSON.parse(text) as io.ModelJSON;
      } catch (err) {
        throw new Error(`fileHandler: ${jsonPath} is not valid JSON (${(err as Error).message})`);
      }
      if (!Array.isArray(json.weightsManifest))
        throw new Error(`fileHandler: ${jsonPath} has no weightsManifest`);
      const specs: io.WeightsManifestEntry[] = [];
      const files: string[] = [];
      for (const group of json.weightsManifest) {
        if (!Array.isArray(group?.paths) || !Array.isArray(group.weights))
          throw new Error(
            `fileHandler: ${jsonPath}: each weightsManifest entry needs paths and weights lists`,
          );
        specs.push(...group.weights);
        files.push(...group.paths.map((p) => insideDir(dir, p, jsonPath)));
      }
      // Sizes first: a manifest promising more (or other) bytes than the files hold is refused before any read.
      const sizes = await Promise.all(
        files.map((f) =>
          stat(f).then(
            (st) => st.size,
            () => readOrExplain(f, `weights file listed in ${jsonPath},`).then((b) => b.byteLength),
          ),
        ),
      );
      checkWeightBytes(
        specs,
        sizes.reduce((a, b) => a + b, 0),
        `fileHandler: ${jsonPath}`,
      );
      const buffers: ArrayBuffer[] = [];
      for (const file of files) {
        const buf = await readOrExplain(file, `weights file listed in ${jsonPath},`);
        buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

let registered = false;

/** Registers `file://` URLs with tf.io (idempotent), so `saveModule(m, 'file://out/model')` works in Node. */
export function registerFileScheme(): void {
  if (registered) return;
  registered = true;
  const route = (url: string | string[]) =>
    // tf.io routers signal "not mine" with null, which its typings omit.
    (typeof url === 'string' && url.startsWith('file://') ? fileHandler(url) : null) as io.IOHandler;
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
}
