import type { OptimizerState, ResolvedOptimizer } from './optimizer';

/** One stored array: weights and optimizer slots are float32 (int32 weights are stored as their float values). */
export interface StoredArray {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface Checkpoint {
  /** Model kind, checked on resume. */
  readonly modelKind: string;
  /** Completed epochs (the epoch in progress when `stepInEpoch > 0`). */
  readonly epoch: number;
  /** Optimizer steps done so far over the whole run. */
  readonly step: number;
  /** Batches already done in epoch `epoch` (0 at an epoch boundary). */
  readonly stepInEpoch: number;
  /** Index of the strategy phase in progress. */
  readonly phase: number;
  /** The run's seed and the state of its generator. */
  readonly seed: number;
  readonly rngState: number;
  /** Optimizer kind and settings of the phase, and its state. */
  readonly optimizer: ResolvedOptimizer;
  readonly optimizerState: OptimizerState;
  /** Everything else the loop carries (history, running sums, early-stopping state), as JSON. */
  readonly loop: unknown;
  /** Model weights by path. */
  readonly weights: Readonly<Record<string, StoredArray>>;
  /** The weights of the best epoch so far (early stopping with restoreBest). */
  readonly bestWeights?: Readonly<Record<string, StoredArray>>;
}

/** Where checkpoints go. `save` must be atomic: after a crash, `load` returns the previous complete checkpoint. */
export interface CheckpointStore {
  /** Where the checkpoint lives (a file path), for error messages. */
  readonly description?: string;
  save(bytes: Uint8Array): Promise<void>;
  /** The last complete checkpoint, or undefined when none was saved. */
  load(): Promise<Uint8Array | undefined>;
}

/** A store in memory (browser, tests); `save` replaces the previous bytes in one assignment. */
export function memoryStore(): CheckpointStore & { bytes: Uint8Array | undefined } {
  return {
    bytes: undefined,
    async save(bytes) {
      this.bytes = bytes.slice();
    },
    async load() {
      return this.bytes?.slice();
    },
  };
}

const MAGIC = 'AECNNCK1';
const VERSION = 1;

// FNV-1a over the payload: a torn or truncated file fails loudly instead of loading garbage weights.
function checksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Slot {
  key: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

/**
 * Serialises a checkpoint: magic, uint32 header length, JSON header (everything but the arrays, plus where
 * each array sits), padding to 4 bytes, then the arrays. The header carries a checksum of the array bytes.
 */
export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const arrays: [string, StoredArray][] = [
    ...Object.entries(ck.weights).map(([k, a]) => [`w:${k}`, a] as [string, StoredArray]),
    ...Object.entries(ck.bestWeights ?? {}).map(([k, a]) => [`b:${k}`, a] as [string, StoredArray]),
    ...ck.optimizerState.weights.map(
      (w, i) =>
        [`o:${i}:${w.name}`, { shape: w.shape, dtype: 'float32', values: w.values }] as [string, StoredArray],
    ),
  ];
  const slots: Slot[] = [];
  let offset = 0;
  for (const [key, a] of arrays) {
    slots.push({ key, shape: a.shape, dtype: a.dtype, offset, length: a.values.length });
    offset += a.values.length * 4;
  }
  const body = new Uint8Array(offset);
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i]![1];
    body.set(new Uint8Array(a.values.buffer, a.values.byteOffset, a.values.byteLength), slots[i]!.offset);
  }
  const { weights: _w, bestWeights: _bw, optimizerState, ...rest } = ck;
  const header = {
    version: VERSION,
    ...rest,
    optimizerExtra: optimizerState.extra,
    slots,
    bodyBytes: body.length,
    checksum: checksum(body),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headStart = MAGIC.length + 4;
  const bodyStart = Math.ceil((headStart + json.length) / 4) * 4;
  const out = new Uint8Array(bodyStart + body.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, headStart);
  out.set(body, bodyStart);
  return out;
}

/**
 * Parses bytes written by encodeCheckpoint; throws naming `where` (the file) and what is wrong when they are not a
 * whole checkpoint.
 */
export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  const fail = (why: string) => new Error(`${where}: ${why}; the file is not a complete aecnn checkpoint`);
  const headStart = MAGIC.length + 4;
  if (bytes.length < headStart || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw fail(`expected magic '${MAGIC}' at the start`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = dv.getUint32(MAGIC.length, true);
  if (headStart + jsonLength > bytes.length)
    throw fail(`header of ${jsonLength} bytes runs past the end (${bytes.length} bytes)`);
  let header: Record<string, unknown> & {
    slots: Slot[];
    bodyBytes: number;
    checksum: number;
    version: number;
  };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(headStart, headStart + jsonLength)));
  } catch (err) {
    throw fail(`header is not JSON (${(err as Error).message})`);
  }
  if (header.version !== VERSION)
    throw fail(`expected format version ${VERSION}, got ${String(header.version)}`);
  const bodyStart = Math.ceil((headStart + jsonLength) / 4) * 4;
  if (bytes.length !== bodyStart + header.bodyBytes) {
    throw fail(`expected ${bodyStart + header.bodyBytes} bytes, got ${bytes.length} (truncated?)`);
  }
  // Copy so the arrays are 4-byte aligned whatever the input buffer's offset.
  const body = bytes.slice(bodyStart);
  if (checksum(body) !== header.checksum) throw fail('checksum mismatch (torn write?)');
  checkSlots(header.slots, body.length, fail);
  const weights: Record<string, StoredArray> = {};
  const best: Record<string, StoredArray> = {};
  const optWeights: { index: number; name: string; shape: number[]; values: Float32Array }[] = [];
  for (const s of header.slots) {
    const buf = body.buffer.slice(s.offset, s.offset + s.length * 4);
    const values = s.dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
    if (s.key.startsWith('w:')) weights[s.key.slice(2)] = { shape: s.shape, dtype: s.dtype, values };
    else if (s.key.startsWith('b:')) best[s.key.slice(2)] = { shape: s.shape, dtype: s.dtype, values };
    else {
      const m = /^o:(\d+):(.*)$/.exec(s.key);
      if (!m) throw fail(`unknown array key '${s.key}'`);
      optWeights.push({ index: Number(m[1]), name: m[2]!, shape: s.shape, values: values as Float32Array });
    }
  }
  optWeights.sort((a, b) => a.index - b.index);
  const { slots: _s, bodyBytes: _b, checksum: _c, version: _v, optimizerExtra, ...rest } = header;
  return {
    ...(rest as unknown as Omit<Checkpoint, 'weights' | 'optimizerState'>),
    weights,
    ...(Object.keys(best).length > 0 ? { bestWeights: best } : {}),
    optimizerState: {
      weights: optWeights.map(({ name, shape, values }) => ({ name, shape, values })),
      extra: (optimizerExtra ?? {}) as Record<string, number>,
    },
  };
}

/** Checks the header's slot table against the body before any slot is read (the header has no checksum). */
function checkSlots(
  slots: unknown,
  bodyBytes: number,
  fail: (why: string) => Error,
): asserts slots is Slot[] {
  if (!Array.isArray(slots)) throw fail('header has no slot table');
  for (const s of slots as Partial<Slot>[]) {
    const { key, offset, length, shape, dtype } = s ?? {};
    const ok =
      typeof key === 'string' &&
      Number.isInteger(offset) &&
      Number.isInteger(length) &&
      offset! >= 0 &&
      offset! % 4 === 0 &&
      length! >= 0 &&
      offset! + length! * 4 <= bodyBytes &&
      (dtype === 'float32' || dtype === 'int32') &&
      Array.isArray(shape) &&
      shape.every((d) => Number.isInteger(d) && d >= 0) &&
      shape.reduce((a, b) => a * b, 1) === length;
    if (!ok) throw fail(`slot ${JSON.stringify(s)} does not fit the ${bodyBytes}-byte body`);
  }
}
