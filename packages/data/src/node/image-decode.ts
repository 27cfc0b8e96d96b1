import jpeg from 'jpeg-js';
import { DataFormatError } from '../errors';
import { decodePng, type Rgba } from '../png';
import { MAX_MEGAPIXELS } from '../png-guard';

/** The image file extensions `loadImageFolder` reads. */
export const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;

/** Decodes a PNG or JPEG file's bytes to RGBA; a broken file is a DataFormatError naming it. */
export function decodeImage(path: string, bytes: Uint8Array): Rgba {
  const isPng = /\.png$/i.test(path);
  try {
    if (isPng) return decodePng(bytes);
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
    return { width: img.width, height: img.height, data: img.data };
  } catch (e) {
    throw new DataFormatError(path, `not a valid ${isPng ? 'PNG' : 'JPEG'} (${(e as Error).message})`);
  }
}

/**
 * [out × n] weights of 1-D resampling from n to out pixels: the area each output pixel covers (box filter) when
 * shrinking, linear interpolation between pixel centres (clamped at the edges) when enlarging.
 */
function resampleWeights(n: number, out: number): Float64Array {
  const w = new Float64Array(out * n);
  const scale = n / out;
  for (let i = 0; i < out; i++) {
    if (scale >= 1) {
      const lo = i * scale;
      const hi = lo + scale;
      for (let j = Math.floor(lo); j < Math.min(Math.ceil(hi), n); j++) {
        w[i * n + j] = (Math.min(hi, j + 1) - Math.max(lo, j)) / scale;
      }
    } else {
      const src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), n - 1);
      const j = Math.floor(src);
      const k = Math.min(j + 1, n - 1);
      w[i * n + j]! += 1 - (src - j);
      w[i * n + k]! += src - j;
    }
  }
  return w;
}

/** `img` resized to `height` × `width` (separable: area when shrinking, bilinear when enlarging). */
export function resizeRgba(img: Rgba, height: number, width: number): Rgba {
  if (img.height === height && img.width === width) return img;
  const wx = resampleWeights(img.width, width);
  const wy = resampleWeights(img.height, height);
  const rows = new Float64Array(img.height * width * 4); // horizontal pass
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < width; x++) {
      for (let j = 0; j < img.width; j++) {
        const f = wx[x * img.width + j]!;
        if (f === 0) continue;
        for (let c = 0; c < 4; c++)
          rows[(y * width + x) * 4 + c]! += f * img.data[(y * img.width + j) * 4 + c]!;
      }
    }
  }
  const data = new Uint8Array(height * width * 4);
  const acc = new Float64Array(height * width * 4);
  for (let y = 0; y < height; y++) {
    for (let j = 0; j < img.height; j++) {
      const f = wy[y * img.height + j]!;
      if (f === 0) continue;
      for (let i = 0; i < width * 4; i++) acc[y * width * 4 + i]! += f * rows[j * width * 4 + i]!;
    }
  }
  for (let i = 0; i < acc.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(acc[i]!)));
  return { width, height, data };
}
