import type { Module } from '@aecnn/layers';

/** Multiply-adds x2 of one forward pass of one image through a module tree (convs, transposed convs, dense). */
export function forwardFlops(m: Module): number {
  const kids = Object.values(m.children);
  if (kids.length > 0) return kids.reduce((s, k) => s + forwardFlops(k), 0);
  const kernel = m.params.kernel?.shape;
  if (!kernel) return 0;
  const [oh = 1, ow = 1] = m.outputShape;
  switch (m.kind) {
    case 'dense':
      return 2 * kernel[0]! * kernel[1]!;
    case 'conv2d':
      return 2 * kernel[0]! * kernel[1]! * kernel[2]! * kernel[3]! * oh * ow;
    case 'conv2dTranspose': {
      const [ih = 1, iw = 1] = m.inputShape;
      return 2 * kernel[0]! * kernel[1]! * kernel[2]! * kernel[3]! * ih * iw;
    }
    default:
      return 0;
  }
}

/** FLOPs of one training image: forward plus the two backward products (input and weight gradients). */
export const trainFlops = (forward: number): number => 3 * forward;
