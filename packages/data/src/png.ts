// The workspace's one PNG codec (fast-png: pure JS, so the same bytes in Node and browsers).
import { convertIndexedToRgb, type DecodedPng, decode, encode } from 'fast-png';
import { checkPng } from './png-guard';

/** A decoded image: 8-bit RGBA, row-major, 4 bytes per pixel. */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Compressed PNG bytes of 8-bit RGBA pixels. */
export function encodePng(img: {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}): Uint8Array {
  const { width, height, data } = img;
  if (!(width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new Error(
      `encodePng: expected ${width}x${height}x4 = ${width * height * 4} bytes, got ${data.length}`,
    );
  }
  return encode({ width, height, data, channels: 4, depth: 8 });
}

/** A sample of `depth` bits scaled to 8 bits with rounding, as pngjs did. */
const to8 = (v: number, depth: number) => (depth === 8 ? v : Math.floor((v * 255) / (2 ** depth - 1) + 0.5));

/** The raw samples of a non-palette image, one per channel per pixel (sub-byte rows unpacked; rows are byte-aligned). */
function samples(png: DecodedPng): ArrayLike<number> {
  const { width, height, depth, channels, data } = png;
  if (depth >= 8) return data;
  const out = new Uint8Array(width * height * channels);
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * channels; x++) {
      const bit = x * depth;
      out[y * width * channels + x] = (data[y * rowBytes + (bit >> 3)]! >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** 8-bit RGBA of a palette image (any depth; fast-png appends tRNS alpha to the palette entries). */
function fromPalette(png: DecodedPng, out: Uint8Array): void {
  const rgb = convertIndexedToRgb(png);
  const c = png.palette![0]?.length ?? 3;
  for (let i = 0; i < png.width * png.height; i++) {
    for (let k = 0; k < 3; k++) out[i * 4 + k] = rgb[i * c + k]!;
    out[i * 4 + 3] = c === 4 ? rgb[i * c + 3]! : 255;
  }
}

/** 8-bit RGBA of a grey, grey+alpha, RGB or RGBA image of any depth, with its tRNS colour (if any) made transparent. */
function fromSamples(png: DecodedPng, out: Uint8Array): void {
  const { depth, channels: c } = png;
  const s = samples(png);
  const grey = c < 3;
  const alpha = c === 2 || c === 4;
  const key = png.transparency && !alpha ? Array.from(png.transparency) : undefined;
  for (let i = 0; i < png.width * png.height; i++) {
    // NOTE: a pixel of the tRNS colour becomes (0, 0, 0, 0), not only alpha 0, exactly as pngjs decoded it.
    if (key?.every((v, k) => s[i * c + k] === v)) continue;
    for (let k = 0; k < 3; k++) out[i * 4 + k] = to8(s[i * c + (grey ? 0 : k)]!, depth);
    out[i * 4 + 3] = alpha ? to8(s[i * c + c - 1]!, depth) : 255;
  }
}

/**
 * Decodes PNG bytes to 8-bit RGBA: 1/2/4/8/16-bit grey, grey+alpha, RGB, RGBA and palette images, and the single
 * transparent colour (tRNS) of grey and RGB ones. Images over 64 megapixels, and pixel data that would
 * inflate far past the image's size, are refused before decoding.
 */
export function decodePng(bytes: Uint8Array): Rgba {
  checkPng(bytes);
  try {
    const png = decode(bytes, { checkCrc: true });
    const out = new Uint8Array(png.width * png.height * 4);
    if (png.palette) fromPalette(png, out);
    else fromSamples(png, out);
    return { width: png.width, height: png.height, data: out };
  } catch (e) {
    throw new Error(`decodePng: expected PNG bytes, got a broken or non-PNG file (${(e as Error).message})`);
  }
}
