import { convertIndexedToRgb, decode, encode } from 'fast-png';
import type { Pixels } from './scene.js';

/** Compressed PNG bytes of RGBA pixels (fast-png: pure JS, the same bytes in Node and browsers). */
export function encodePng(px: Pixels): Uint8Array {
  const { width, height, data } = px;
  if (!(width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new Error(
      `encodePng: expected ${width}x${height}x4 = ${width * height * 4} bytes, got ${data.length}`,
    );
  }
  return encode({ width, height, data, channels: 4, depth: 8 });
}

// 16-bit samples scaled to 8 bits with rounding, as pngjs did before.
const to8 = (v: number, depth: number) => (depth === 16 ? Math.round((v * 255) / 65535) : v);

/**
 * Decodes PNG bytes into 8-bit RGBA pixels (grey, grey+alpha, RGB and palette images are expanded).
 * NOTE: sub-byte grey images (1, 2 or 4 bits) are not expanded: fast-png leaves them packed and viz never writes them.
 */
export function decodePng(bytes: Uint8Array): Pixels {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (e) {
    throw new Error(`decodePng: expected PNG bytes, got a broken or non-PNG file (${(e as Error).message})`);
  }
  const { width, height, depth } = png;
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const c = png.palette[0]?.length ?? 3;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) out[i * 4 + k] = rgb[i * c + k]!;
      out[i * 4 + 3] = c === 4 ? rgb[i * c + 3]! : 255;
    }
    return { width, height, data: out };
  }
  if (depth < 8) {
    throw new Error(
      `decodePng: expected an 8- or 16-bit PNG (or a palette one), got a ${depth}-bit grey image`,
    );
  }
  const c = png.channels;
  const grey = c < 3;
  const alpha = c === 2 || c === 4;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) out[i * 4 + k] = to8(png.data[i * c + (grey ? 0 : k)]!, depth);
    out[i * 4 + 3] = alpha ? to8(png.data[i * c + c - 1]!, depth) : 255;
  }
  return { width, height, data: out };
}
