import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './idx';
import { type IdxChunk, readIdxChunks, streamIdx as streamIdxWeb } from './idx-stream';
import { streamIdx } from './node';
import { serve, tempDir, tinyImages } from './test-utils';

const { images } = tinyImages(25, 4, 3);
const file = encodeIdx({ shape: [25, 4, 3], data: images });

/** Feeds bytes in pieces of `size`. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(
  chunks: AsyncIterable<IdxChunk>,
): Promise<{ starts: number[]; counts: number[]; data: number[] }> {
  const out = { starts: [] as number[], counts: [] as number[], data: [] as number[] };
  for await (const c of chunks) {
    out.starts.push(c.start);
    out.counts.push(c.count);
    out.data.push(...c.data);
    expect(c.header.shape).toEqual([25, 4, 3]);
  }
  return out;
}

describe('streaming IDX reader', () => {
  it.each([1, 5, 13, 1000])('reassembles the file from %i-byte pieces in 10-item chunks', async (size) => {
    const got = await collect(readIdxChunks(pieces(file, size), { itemsPerChunk: 10, kind: 'images' }));
    expect(got.starts).toEqual([0, 10, 20]);
    expect(got.counts).toEqual([10, 10, 5]);
    expect(got.data).toEqual(Array.from(images));
  });

  it.each(['', '.gz'])('streams a file from disk (%s)', async (ext) => {
    const dir = tempDir();
    const path = join(dir, `img${ext}`);
    writeFileSync(path, ext ? gzipSync(file) : file);
    const got = await collect(streamIdx(path, { itemsPerChunk: 8 }));
    expect(got.counts).toEqual([8, 8, 8, 1]);
    expect(got.data).toEqual(Array.from(images));
  });

  it('streams a gzipped URL', async () => {
    const base = await serve({ 'img.gz': new Uint8Array(gzipSync(file)) });
    const got = await collect(streamIdx(`${base}img.gz`, { itemsPerChunk: 20 }));
    expect(got.counts).toEqual([20, 5]);
    expect(got.data).toEqual(Array.from(images));
  });

  it('gunzips a web ReadableStream with DecompressionStream', async () => {
    const gz = new Uint8Array(gzipSync(file));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(gz.slice(0, 1)); // the gzip magic split across pieces
        c.enqueue(gz.slice(1));
        c.close();
      },
    });
    const got = await collect(streamIdxWeb(stream, { itemsPerChunk: 25 }));
    expect(got.data).toEqual(Array.from(images));
  });

  it('reports truncation, extra bytes, wrong magic and a missing file', async () => {
    const drain = async (it: AsyncIterable<IdxChunk>) => {
      for await (const _ of it);
    };
    await expect(drain(readIdxChunks(pieces(file.subarray(0, 100), 7), { name: 's' }))).rejects.toThrow(
      's: truncated: the header promises 25 items [25×4×3] (316 bytes), the stream ended after 100 bytes (7 whole items)',
    );
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    await expect(drain(readIdxChunks(pieces(longer, 50), { name: 's' }))).rejects.toThrow(
      's: has bytes after the 25 items its header declares (316 bytes expected)',
    );
    await expect(drain(readIdxChunks(pieces(file, 50), { name: 's', kind: 'labels' }))).rejects.toThrow(
      's: expected magic 2049, found 2051 (is this an image file?)',
    );
    await expect(drain(readIdxChunks(pieces(file.subarray(0, 3), 2), { name: 's' }))).rejects.toThrow(
      's: truncated: 3 bytes, too short for an IDX header',
    );
    const dir = tempDir();
    const gz = gzipSync(file);
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 12));
    await expect(drain(streamIdx(join(dir, 'cut.gz')))).rejects.toThrow(
      `${join(dir, 'cut.gz')}: gzip data is corrupt or truncated (unexpected end of file)`,
    );
    await expect(drain(streamIdx(join(dir, 'missing')))).rejects.toThrow(
      `${join(dir, 'missing')}: no such file`,
    );
  });
});
