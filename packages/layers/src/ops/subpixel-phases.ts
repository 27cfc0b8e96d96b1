import { DEPTH_TO_SPACE_KERNEL, SPACE_TO_DEPTH_KERNEL } from '@aecnn/backends/kernel-names';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { ConvPadding } from './conv-padding';
import { hasKernel } from './kernels';
import type { SubpixelPlan } from './subpixel-plan';

/** The stride-1 phase conv of a sub-pixel conv: act(conv2d(x, filter, 1, pad) + bias), however it is computed. */
export type PhaseConv = (
  x: Tensor4D,
  filter: Tensor4D,
  bias: Tensor | undefined,
  pad: ConvPadding,
) => Tensor4D;

/**
 * conv2dTranspose(x, kernel) + bias (through `conv`'s activation) as one stride-1 conv with sh·sw·filters outputs
 * (one per output phase) followed by depth-to-space. The phase kernels are picked from `kernel` by a 0/1 matMul,
 * so its gradient flows back exactly.
 */
export function subpixelForward(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  conv: PhaseConv,
): Tensor4D {
  const { rows, cols, kh, kw } = plan;
  const [, , f, c] = kernel.shape;
  const phases = rows.s * cols.s;
  // [uh·uw·sh·sw, f·c] → [uh, uw, c, sh·sw·f]: output channel (p·sw + q)·f + k is phase (p, q) of filter k.
  const picked = tf.matMul(
    tf.tensor2d(plan.select, [rows.u * cols.u * phases, kh * kw]),
    tf.reshape(kernel, [kh * kw, f * c]) as Tensor2D,
  );
  const filter = tf.reshape(
    tf.transpose(tf.reshape(picked, [rows.u, cols.u, rows.s, cols.s, f, c]), [0, 1, 5, 2, 3, 4]),
    [rows.u, cols.u, c, phases * f],
  ) as Tensor4D;
  const tiledBias = bias && phases > 1 ? tf.tile(bias, [phases]) : bias;
  const pad: ConvPadding = [
    [0, 0],
    [rows.before, rows.after],
    [cols.before, cols.after],
    [0, 0],
  ];
  return phasesToSpace(conv(x, filter, tiledBias, pad), plan, f);
}

/** [b, m, m2, sh·sw·f] phase outputs → [b, oh, ow, f]: depth-to-space, cropped to the transposed conv's output. */
function phasesToSpace(z: Tensor4D, plan: SubpixelPlan, f: number): Tensor4D {
  const { rows, cols } = plan;
  if (rows.s * cols.s === 1) return crop(z, rows.out, cols.out);
  // NOTE: on wasm the kernel moved [64, 7, 7, 4·16] in ~0.7 ms against ~1.0-1.6 ms for the transpose; with a
  // few floats a pixel (f = 1: [64, 14, 14, 4]) it was slower (0.46 against 0.28 ms), so it is kept for f % 4 = 0.
  if (f % 4 === 0 && z.dtype === 'float32' && hasKernel(DEPTH_TO_SPACE_KERNEL)) {
    ensureDepthToSpaceGradient();
    return tf.engine().runKernel(
      DEPTH_TO_SPACE_KERNEL,
      { x: z },
      // innerShape is for the gradient, which then needs no saved input
      { blockShape: [rows.s, cols.s], outShape: [rows.out, cols.out], innerShape: [rows.m, cols.m] },
    ) as Tensor4D;
  }
  const [b] = z.shape;
  const grid = tf.transpose(tf.reshape(z, [b, rows.m, cols.m, rows.s, cols.s, f]), [0, 1, 3, 2, 4, 5]);
  return crop(tf.reshape(grid, [b, rows.m * rows.s, cols.m * cols.s, f]) as Tensor4D, rows.out, cols.out);
}

let depthToSpaceGradient = false;

/** Registers, once, the gradient of DEPTH_TO_SPACE_KERNEL: its inverse kernel (the cropped positions get no gradient). */
function ensureDepthToSpaceGradient(): void {
  if (depthToSpaceGradient) return;
  depthToSpaceGradient = true;
  tf.registerGradient({
    kernelName: DEPTH_TO_SPACE_KERNEL,
    gradFunc: (dy, _saved, attrs) => ({
      x: () =>
        tf
          .engine()
          .runKernel(
            SPACE_TO_DEPTH_KERNEL,
            { dy: dy as Tensor },
            { blockShape: attrs.blockShape!, innerShape: attrs.innerShape! },
          ) as Tensor,
    }),
  });
}

function crop(z: Tensor4D, oh: number, ow: number): Tensor4D {
  const [b, h, w, f] = z.shape;
  return h === oh && w === ow ? z : tf.slice(z, [0, 0, 0, 0], [b, oh, ow, f]);
}
