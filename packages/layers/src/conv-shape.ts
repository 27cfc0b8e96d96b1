import type { Shape } from './module';
import { formatShape, where } from './shape';

/** Padding modes of convolutions and pools. */
export type Padding = 'same' | 'valid';

/**
 * Spatial output size of a conv or pool along one axis (the TensorFlow rule):
 * same → ceil(n / stride); valid → ceil((n - (k - 1) * dilation) / stride).
 */
export function convOutputSize(n: number, k: number, stride: number, padding: Padding, dilation = 1): number {
  if (padding === 'same') return Math.ceil(n / stride);
  return Math.ceil((n - (k - 1) * dilation) / stride);
}

/** Output [h, w] of a conv or pool on [h, w, c]; throws (naming the layer) when the window does not fit. */
export function convOutputHW(
  kind: string,
  path: string,
  inputShape: Shape,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
  dilation: readonly [number, number] = [1, 1],
): [number, number] {
  if (inputShape.length !== 3) {
    throw new Error(
      `${where(kind, path)}: expected input [batch, height, width, channels], got ${formatShape(inputShape, true)}` +
        `; add reshape({ targetShape: [h, w, c] }) before it`,
    );
  }
  const h = convOutputSize(inputShape[0]!, kernel[0], strides[0], padding, dilation[0]);
  const w = convOutputSize(inputShape[1]!, kernel[1], strides[1], padding, dilation[1]);
  if (h < 1 || w < 1) {
    throw new Error(
      `${where(kind, path)}: a ${kernel.join('x')} window (dilation ${dilation.join('x')}) does not fit the input ` +
        `${formatShape(inputShape, true)} with padding 'valid'; use padding 'same' or a larger input`,
    );
  }
  return [h, w];
}
