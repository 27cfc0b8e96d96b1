import type { Pixels } from './scene.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Encodes RGBA pixels as a PNG with uncompressed (stored) deflate blocks.
 * NOTE: no compression on purpose: it is tiny, synchronous and browser-safe, and the images it serves
 * (28x28 digits, filters inline in SVG) are small; `@aecnn/viz/node` writes compressed files through pngjs.
 */
export function encodePngStored(px: Pixels): Uint8Array {
  const { width, height, data } = px;
  if (!(width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new Error(
      `encodePngStored: expected ${width}x${height}x4 = ${width * height * 4} bytes, got ${data.length}`,
    );
  }
  const rowLen = width * 4 + 1;
  const raw = new Uint8Array(rowLen * height);
  for (let y = 0; y < height; y++) {
    raw[y * rowLen] = 0; // filter type None
    raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * rowLen + 1);
  }
  const nBlocks = Math.max(1, Math.ceil(raw.length / 65535));
  const zlib = new Uint8Array(2 + raw.length + nBlocks * 5 + 4);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  let o = 2;
  for (let b = 0; b < nBlocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    zlib[o++] = b === nBlocks - 1 ? 1 : 0;
    zlib[o++] = len & 0xff;
    zlib[o++] = len >>> 8;
    zlib[o++] = ~len & 0xff;
    zlib[o++] = (~len >>> 8) & 0xff;
    zlib.set(raw.subarray(start, start + len), o);
    o += len;
  }
  const ad = adler32(raw);
  zlib[o++] = ad >>> 24;
  zlib[o++] = (ad >>> 16) & 0xff;
  zlib[o++] = (ad >>> 8) & 0xff;
  zlib[o++] = ad & 0xff;

  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const chunks: [string, Uint8Array][] = [
    ['IHDR', ihdr],
    ['IDAT', zlib],
    ['IEND', new Uint8Array(0)],
  ];
  const total = 8 + chunks.reduce((s, [, d]) => s + 12 + d.length, 0);
  const out = new Uint8Array(total);
  out.set([137, 80, 78, 71, 13, 10, 26, 10], 0);
  const odv = new DataView(out.buffer);
  let p = 8;
  for (const [type, d] of chunks) {
    odv.setUint32(p, d.length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    out.set(d, p + 8);
    odv.setUint32(p + 8 + d.length, crc32(out, p + 4, p + 8 + d.length));
    p += 12 + d.length;
  }
  return out;
}
