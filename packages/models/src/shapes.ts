// Pure shape arithmetic (Keras conventions). The factories use it to check options before building and to
// plan a decoder that lands exactly on the encoder's input size.

/** Padding of a conv or pool window. */
export type Padding = 'same' | 'valid';

/** Spatial size after a conv or pool window: `same` → ceil(n / s), `valid` → floor((n - k) / s) + 1. */
export function windowOutputSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Spatial size after a transposed conv: `same` → n * s, `valid` → (n - 1) * s + max(k, s). */
export function transposeOutputSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? size * stride : (size - 1) * stride + Math.max(kernel, stride);
}

/** A [height, width] pair. */
export type Size2 = readonly [number, number];

/**
 * The spatial sizes of a stride-2 `same` conv encoder: `[input, after stage 1, ..., after stage n]`.
 * 28 → 14 → 7 → 4; 32 → 16 → 8 → 4.
 */
export function halvingSizes(input: Size2, stages: number): Size2[] {
  const sizes: Size2[] = [input];
  for (let i = 0; i < stages; i++) {
    const [h, w] = sizes[i]!;
    sizes.push([windowOutputSize(h, 2, 2, 'same'), windowOutputSize(w, 2, 2, 'same')]);
  }
  return sizes;
}

/** One decoder stage: double `from`, then crop `crop` rows/cols at the bottom/right to land on `to`. */
export interface UpStage {
  readonly from: Size2;
  readonly to: Size2;
  readonly crop: Size2;
}

/**
 * Plans the decoder that inverts `halvingSizes`: every stage doubles, and an odd target size (7 from 4)
 * drops the one extra row or column, so the last stage restores the input size exactly.
 */
export function doublingPlan(sizes: readonly Size2[]): UpStage[] {
  const stages: UpStage[] = [];
  for (let i = sizes.length - 1; i > 0; i--) {
    const from = sizes[i]!;
    const to = sizes[i - 1]!;
    stages.push({ from, to, crop: [from[0] * 2 - to[0], from[1] * 2 - to[1]] });
  }
  return stages;
}

/** Product of a shape's dimensions (the flattened size). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
