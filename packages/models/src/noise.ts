import { add, clipByValue, randomNormal, type Tensor } from '@tensorflow/tfjs-core';

/**
 * The denoising corruption: adds N(0, stddev²) noise to a batch, clipped to [0, 1] when the data lives there
 * (sigmoid output). The reconstruction target stays the clean input. `seed` makes the noise reproducible.
 */
export function addNoise(x: Tensor, stddev: number, clipToUnit: boolean, seed?: number): Tensor {
  const noisy = add(x, randomNormal(x.shape, 0, stddev, 'float32', seed));
  return clipToUnit ? clipByValue(noisy, 0, 1) : noisy;
}
