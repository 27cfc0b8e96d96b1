import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { checkKeys } from '@aecnn/layers';
import {
  type IdxChunk,
  maybeGunzipStream,
  readIdxChunks,
  STREAM_KEYS,
  type StreamIdxOptions,
  streamIdx as streamIdxWeb,
} from '../idx-stream';
import { isHttpUrl } from './io';

function gunzipStreamNode(gz: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  // pipeline destroys the whole chain on error, so iterating the gunzip end throws instead of hanging.
  return pipeline(Readable.from(gz), createGunzip(), () => {}) as unknown as AsyncIterable<Uint8Array>;
}

/**
 * Streams an IDX file (raw or gzipped) in chunks of items from a path; URLs, web streams and async iterables
 * of bytes work as in the main entry. Memory stays at about one chunk plus a 1 MB read buffer.
 */
export async function* streamIdx(
  source: string | URL | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: StreamIdxOptions = {},
): AsyncGenerator<IdxChunk, void, undefined> {
  const isPath =
    (typeof source === 'string' && !isHttpUrl(source)) ||
    (source instanceof URL && source.protocol === 'file:');
  if (!isPath) {
    yield* streamIdxWeb(source, options);
    return;
  }
  checkKeys(options, STREAM_KEYS, 'streamIdx');
  const name = options.name ?? String(source);
  const file = createReadStream(source as string | URL, { highWaterMark: 1 << 20 });
  const opened = new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(new Error(`${name}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${e.message})`}`));
    });
  });
  await opened;
  try {
    yield* readIdxChunks(maybeGunzipStream(file as AsyncIterable<Uint8Array>, name, gunzipStreamNode), {
      ...options,
      name,
    });
  } finally {
    file.destroy();
  }
}
