// Checks on PNG bytes made before fast-png decodes them: the image size, and how far its pixel data can inflate.
import { Unzlib } from 'fflate';

/** Largest image decoded, in megapixels (a guard against decompression bombs in files from someone else). */
export const MAX_MEGAPIXELS = 64;

/** How far past the image's own size a file's pixel data may inflate before it is inflated once to check. */
const SLACK_BYTES = 64 * 1024 * 1024;
/** Deflate's largest expansion (about 1032:1): a bound on what compressed bytes can inflate to. */
const MAX_RATIO = 1032;
/** Compressed bytes pushed to the checking inflater at a time, which bounds what one push can allocate. */
const SLICE = 16 * 1024;

/** Samples per pixel of each PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Header {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly channels: number;
  readonly interlaced: boolean;
}

/** The IHDR fields, or undefined when the bytes do not start like a PNG (fast-png then says what is wrong). */
function readHeader(bytes: Uint8Array): Header | undefined {
  // 8-byte signature, then IHDR: length (4), 'IHDR' (4), width (4), height (4), depth, colour type, ..., interlace.
  if (bytes.length < 29 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = CHANNELS[bytes[25]!] ?? 4;
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    depth: bytes[24]!,
    channels,
    interlaced: bytes[28] === 1,
  };
}

/** The IDAT chunks' data (the compressed pixels), as far as the chunk layout can be followed. */
function idatChunks(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  for (let o = 8; o + 12 <= bytes.length; ) {
    const length = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    if (type === 'IDAT') out.push(bytes.subarray(o + 8, Math.min(o + 8 + length, bytes.length)));
    if (type === 'IEND') break;
    o += 12 + length;
  }
  return out;
}

/** Throws once the chunks inflate past `limit` bytes, having held about one slice's output at a time. */
function checkInflatedSize(chunks: Uint8Array[], limit: number): void {
  let total = 0;
  const inflater = new Unzlib((data) => {
    total += data.length;
    if (total > limit) {
      throw new Error(
        `decodePng: the pixel data inflates past ${limit} bytes, more than the image's size needs (a decompression bomb?)`,
      );
    }
  });
  try {
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i += SLICE) inflater.push(chunk.subarray(i, i + SLICE), false);
    }
  } catch (e) {
    if ((e as Error).message.startsWith('decodePng:')) throw e;
    // A broken stream is left for fast-png to report.
  }
}

/**
 * Refuses, before anything is allocated, an image over {@link MAX_MEGAPIXELS}, an interlaced sub-byte one (which
 * fast-png de-interlaces wrongly), and pixel data that would inflate far past what the image's size needs.
 */
export function checkPng(bytes: Uint8Array): void {
  const h = readHeader(bytes);
  if (!h) return;
  if (h.width * h.height > MAX_MEGAPIXELS * 1e6) {
    throw new Error(
      `decodePng: the image is ${h.width}x${h.height} (${Math.ceil((h.width * h.height) / 1e6)} megapixels); expected at most ${MAX_MEGAPIXELS} megapixels (a guard against decompression bombs)`,
    );
  }
  if (h.interlaced && h.depth < 8) {
    throw new Error(
      `decodePng: expected a non-interlaced PNG for ${h.depth}-bit samples, got an interlaced (Adam7) one; save it without interlacing`,
    );
  }
  // Rows of filter byte + samples; Adam7's seven passes add at most a filter byte and a padded byte a row each.
  const rowBytes = Math.ceil((h.width * h.channels * h.depth) / 8) + 1;
  const limit = rowBytes * h.height + (h.interlaced ? 14 * h.height : 0) + 1024;
  const chunks = idatChunks(bytes);
  const compressed = chunks.reduce((n, c) => n + c.length, 0);
  // NOTE: inflating twice costs time, so only a file that could inflate far past its image's size is checked.
  if (compressed * MAX_RATIO > limit + SLACK_BYTES) checkInflatedSize(chunks, limit);
}
