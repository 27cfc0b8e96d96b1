/** A grayscale picture, one value a pixel in [0, 1], row-major. */
export interface Gray {
  data: Float32Array;
  width: number;
  height: number;
}

const SIDE = 28;
const BOX = 20;

/**
 * Turns a drawing into an MNIST-like 28x28 digit the way MNIST was made: crop the ink's bounding box, scale it
 * (area average, aspect kept) so its longer side is 20 px, and place it so its centre of mass is at the centre.
 * Returns 784 zeros for an empty drawing.
 */
export function mnistify(src: Gray, threshold = 0.05): Float32Array {
  const { data, width, height } = src;
  if (data.length !== width * height) {
    throw new Error(`mnistify: expected ${width}x${height} = ${width * height} values, got ${data.length}`);
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! > threshold) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  const out = new Float32Array(SIDE * SIDE);
  if (x1 < 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const small = areaResize(data, width, x0, y0, bw, bh, tw, th);
  // Centre of mass of the scaled digit, to be moved to (14, 14).
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x]!;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const ox = Math.round(SIDE / 2 - cx / mass);
  const oy = Math.round(SIDE / 2 - cy / mass);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE) out[ty * SIDE + tx] = Math.min(1, small[y * tw + x]!);
    }
  }
  return out;
}

/** Area-average resize of the box (x0, y0, bw, bh) of `data` (row stride `stride`) to tw x th. */
function areaResize(
  data: Float32Array,
  stride: number,
  x0: number,
  y0: number,
  bw: number,
  bh: number,
  tw: number,
  th: number,
): Float32Array {
  const out = new Float32Array(tw * th);
  const sx = bw / tw;
  const sy = bh / th;
  for (let ty = 0; ty < th; ty++) {
    const fy0 = ty * sy;
    const fy1 = fy0 + sy;
    for (let tx = 0; tx < tw; tx++) {
      const fx0 = tx * sx;
      const fx1 = fx0 + sx;
      let sum = 0;
      // Each source pixel contributes the part of it that the target pixel covers.
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          sum += wx * wy * data[(y0 + y) * stride + x0 + x]!;
        }
      }
      out[ty * tw + tx] = sum / (sx * sy);
    }
  }
  return out;
}
