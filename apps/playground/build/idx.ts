/** Encodes images as an IDX3 file (magic 2051): big-endian header [count, rows, cols], then one byte a pixel. */
export function idxImages(pixels: Uint8Array, count: number, rows: number, cols: number): Uint8Array {
  if (pixels.length !== count * rows * cols) {
    throw new Error(
      `idxImages: expected ${count}x${rows}x${cols} = ${count * rows * cols} bytes, got ${pixels.length}`,
    );
  }
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  for (const [i, v] of [2051, count, rows, cols].entries()) view.setUint32(i * 4, v);
  out.set(pixels, 16);
  return out;
}

/** Encodes labels as an IDX1 file (magic 2049): big-endian count, then one byte a label. */
export function idxLabels(labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 2049);
  view.setUint32(4, labels.length);
  out.set(labels, 8);
  return out;
}
