import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './run-kernel';

/**
 * Places each pixel of x [b, h, w, c] at the top-left of an sh x sw cell, zeros elsewhere:
 * [b, h·sh, w·sw, c]. Done as reshape → pad of two unit axes → reshape (rank-6 pads are fast on wasm).
 */
export function strideGrid(k: KernelRunner, x: TensorInfo, sh: number, sw: number): TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const six = k.run('Reshape', { x }, { shape: [b, h, 1, w, 1, c] });
  const paddings = [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ];
  const spread = k.run('PadV2', { x: six }, { paddings, constantValue: 0 });
  return k.run('Reshape', { x: spread }, { shape: [b, h * sh, w * sw, c] });
}
