import type { io } from '@tensorflow/tfjs-core';

/** Bytes per element of the weight dtypes tf.io stores (a quantized weight: of its stored dtype). */
const BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};
/** More elements than any weight we build or read may have (2^31, 8 GiB of float32). */
const MAX_ELEMENTS = 2 ** 31;

/** Bytes a weights manifest promises, checking each entry's name, shape and dtype first; throws naming a bad entry. */
export function manifestBytes(specs: readonly io.WeightsManifestEntry[], where: string): number {
  if (!Array.isArray(specs)) throw new Error(`${where}: the weights manifest is not a list of weights`);
  let total = 0;
  for (const [i, s] of specs.entries()) {
    const name = typeof s?.name === 'string' ? `'${s.name}'` : `#${i}`;
    const shape: unknown = s?.shape;
    if (!Array.isArray(shape) || !shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0)) {
      throw new Error(
        `${where}: weight ${name} has shape ${JSON.stringify(shape)}; expected a list of whole numbers`,
      );
    }
    const elements = (shape as number[]).reduce((a, b) => a * b, 1);
    if (elements > MAX_ELEMENTS) {
      throw new Error(
        `${where}: weight ${name} of shape [${shape}] has ${elements} elements, more than 2^31; refusing it`,
      );
    }
    const stored = s.quantization?.dtype ?? s.dtype;
    const bytes = BYTES[stored];
    if (bytes === undefined) {
      throw new Error(
        `${where}: weight ${name} has dtype ${JSON.stringify(stored)}; expected one of ${Object.keys(BYTES).join(', ')}`,
      );
    }
    total += elements * bytes;
  }
  return total;
}

/**
 * Checks that weight data of `byteLength` bytes holds exactly what the manifest promises, before any of it is
 * decoded or allocated; a short file names the first weight that does not fit.
 */
export function checkWeightBytes(
  specs: readonly io.WeightsManifestEntry[],
  byteLength: number,
  where: string,
): void {
  const need = manifestBytes(specs, where);
  if (need === byteLength) return;
  if (need < byteLength) {
    throw new Error(
      `${where}: the weight data has ${byteLength} bytes, but the manifest describes ${need}; the files do not belong together`,
    );
  }
  let offset = 0;
  for (const s of specs) {
    const bytes = s.shape.reduce((a, b) => a * b, 1) * BYTES[s.quantization?.dtype ?? s.dtype]!;
    if (offset + bytes > byteLength) {
      throw new Error(
        `${where}: the weight data has ${byteLength} bytes, but the manifest describes ${need}; weight '${s.name}' [${s.shape}] (bytes ${offset}-${offset + bytes}) is cut off (a truncated weights file?)`,
      );
    }
    offset += bytes;
  }
}
