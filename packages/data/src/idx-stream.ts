import { checkInt, checkKeys } from '@aecnn/layers';
import { DataFormatError, fmt } from './errors';
import { type IdxHeader, type IdxKind, parseIdxHeader } from './idx';

/** A run of consecutive items of a streamed IDX file. */
export interface IdxChunk {
  /** The file's header (shape[0] is the total item count). */
  readonly header: IdxHeader;
  /** Index of the first item in this chunk. */
  readonly start: number;
  /** Items in this chunk (itemsPerChunk, or fewer for the last one). */
  readonly count: number;
  /** count × itemBytes bytes; a fresh array per chunk, safe to keep. */
  readonly data: Uint8Array;
}

/** The keys of StreamIdxOptions (shared with the Node streamIdx). */
export const STREAM_KEYS: readonly string[] = ['itemsPerChunk', 'name', 'kind'];

/** Options of `readIdxChunks`/`streamIdx`. */
export interface StreamIdxOptions {
  /** Items a chunk; default 1,000. */
  readonly itemsPerChunk?: number;
  /** Names the stream in errors; default `idx stream`. */
  readonly name?: string;
  /** Expected kind, which fixes the magic number to check. */
  readonly kind?: IdxKind;
}

/** Async iteration over a web ReadableStream, which not every browser makes async-iterable itself. */
export async function* iterateStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads an uncompressed IDX byte stream chunk by chunk, holding at most one chunk (plus one incoming piece) in
 * memory; checks the header, and that the stream holds exactly the items the header declares.
 */
export async function* readIdxChunks(
  bytes: AsyncIterable<Uint8Array>,
  options: StreamIdxOptions = {},
): AsyncGenerator<IdxChunk, void, undefined> {
  checkKeys(options, STREAM_KEYS, 'readIdxChunks');
  const name = options.name ?? 'idx stream';
  const itemsPerChunk = checkInt(name, 'itemsPerChunk', options.itemsPerChunk ?? 1000);
  let header: IdxHeader | undefined;
  let pending = new Uint8Array(0);
  let chunk: Uint8Array | undefined;
  let filled = 0;
  let start = 0;
  let total = 0;
  let received = 0;
  for await (const piece of bytes) {
    let input: Uint8Array = piece;
    received += piece.length;
    if (!header) {
      const joined = new Uint8Array(pending.length + piece.length);
      joined.set(pending);
      joined.set(piece, pending.length);
      if (joined.length < 4 || joined.length < 4 + 4 * joined[3]!) {
        pending = joined;
        continue;
      }
      header = parseIdxHeader(joined, name, options.kind);
      total = header.shape[0]!;
      input = joined.subarray(header.headerBytes);
      pending = new Uint8Array(0);
    }
    const itemBytes = header.itemBytes;
    while (input.length > 0) {
      const remainingItems = total - start;
      if (remainingItems === 0) {
        throw new DataFormatError(
          name,
          `has bytes after the ${fmt(total)} items its header declares (${fmt(header.headerBytes + total * itemBytes)} bytes expected)`,
        );
      }
      if (!chunk) chunk = new Uint8Array(Math.min(itemsPerChunk, remainingItems) * itemBytes);
      const n = Math.min(chunk.length - filled, input.length);
      chunk.set(input.subarray(0, n), filled);
      filled += n;
      input = input.subarray(n);
      if (filled === chunk.length) {
        const count = chunk.length / itemBytes;
        yield { header, start, count, data: chunk };
        start += count;
        chunk = undefined;
        filled = 0;
      }
    }
  }
  if (!header) {
    throw new DataFormatError(name, `truncated: ${received} bytes, too short for an IDX header`);
  }
  if (start < total) {
    const expected = header.headerBytes + total * header.itemBytes;
    throw new DataFormatError(
      name,
      `truncated: the header promises ${fmt(total)} items [${header.shape.join('×')}] (${fmt(expected)} bytes), the stream ended after ${fmt(received)} bytes (${fmt(start + Math.floor(filled / header.itemBytes))} whole items)`,
    );
  }
}

/** Splices `first` back in front of the rest of an iterator (after peeking at the gzip magic). */
async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Decompresses a byte stream if it starts with the gzip magic (with DecompressionStream), else passes it on. */
export async function* maybeGunzipStream(
  bytes: AsyncIterable<Uint8Array>,
  name: string,
  gunzipStream: (gz: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array> = gunzipStreamWeb,
): AsyncGenerator<Uint8Array> {
  const it = bytes[Symbol.asyncIterator]();
  let first = new Uint8Array(0);
  while (first.length < 2) {
    const r = await it.next();
    if (r.done) break;
    const joined = new Uint8Array(first.length + r.value.length);
    joined.set(first);
    joined.set(r.value, first.length);
    first = joined;
  }
  const all = prepend(first, it);
  if (!(first[0] === 0x1f && first[1] === 0x8b)) {
    yield* all;
    return;
  }
  try {
    yield* gunzipStream(all);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(name, `gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

function gunzipStreamWeb(gz: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const it = gz[Symbol.asyncIterator]();
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
  });
  return iterateStream(
    input.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>),
  );
}

/**
 * Streams an IDX file in chunks of items, raw or gzipped: from a URL (fetched), a web `ReadableStream`, or any
 * async iterable of bytes. Memory stays at about one chunk whatever the file's size.
 */
export async function* streamIdx(
  source: URL | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: StreamIdxOptions = {},
): AsyncGenerator<IdxChunk, void, undefined> {
  checkKeys(options, STREAM_KEYS, 'streamIdx');
  let name = options.name ?? 'idx stream';
  let bytes: AsyncIterable<Uint8Array>;
  if (typeof source === 'string' || source instanceof URL) {
    name = options.name ?? String(source);
    const response = await fetch(source);
    if (!response.ok || !response.body) {
      throw new Error(`${name}: could not fetch (HTTP ${response.status} ${response.statusText})`);
    }
    bytes = iterateStream(response.body);
  } else if (typeof (source as ReadableStream).getReader === 'function') {
    bytes = iterateStream(source as ReadableStream<Uint8Array>);
  } else {
    bytes = source as AsyncIterable<Uint8Array>;
  }
  yield* readIdxChunks(maybeGunzipStream(bytes, name), { ...options, name });
}
