import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate, fusedActivation } from './activations';
import { DEPTH_TO_SPACE_KERNEL, hasKernel, SPACE_TO_DEPTH_KERNEL } from './backend-kernels';
import { activationGrad, biasActivation, biasGrad, hasFastBiasGrad } from './bias-activation';
import type { Padding } from './conv-shape';
import { fusedConv2d } from './fused-ops';
import { kernelGrad, trainingConv2d } from './patch-conv';

/** How one spatial axis of a transposed conv maps onto a stride-1 conv with s phases (sub-pixel convolution). */
interface AxisPlan {
  /** Stride, i.e. phases. */
  s: number;
  /** Taps of the phase kernels. */
  u: number;
  /** Zero padding before and after the input. */
  before: number;
  after: number;
  /** Outputs per phase: ceil(out / s). */
  m: number;
  /** Output size of the transposed conv. */
  out: number;
  /** For phase p and tap j: the index into the original kernel axis, or -1 for a zero tap. */
  taps: number[][];
  /** Whether a conv with this kernel, stride and padding maps the output size back onto the input size. */
  adjoint: boolean;
}

/**
 * One axis: y[o] = Σ x[i] w[t] over o = i·s + t - pad, with pad as tfjs's conv2dTranspose takes it. Output
 * o = m·s + p reads x[m - d] with tap t = d·s + p + pad, so phase p is a stride-1 correlation over x with taps
 * d = dMax..dMin (a flipped, strided pick of the kernel).
 */
function axisPlan(n: number, k: number, s: number, out: number, padding: Padding): AxisPlan | undefined {
  const m = Math.ceil(out / s);
  const pad = padding === 'same' ? Math.floor(Math.max(0, (m - 1) * s + k - out) / 2) : 0;
  let dMin = Number.POSITIVE_INFINITY;
  let dMax = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < s; p++) {
    dMin = Math.min(dMin, Math.ceil(-(p + pad) / s));
    dMax = Math.max(dMax, Math.floor((k - 1 - p - pad) / s));
  }
  if (dMax < 0 || dMax < dMin) return undefined;
  const u = dMax - dMin + 1;
  const taps = Array.from({ length: s }, (_, p) =>
    Array.from({ length: u }, (_, j) => {
      const t = (dMax - j) * s + p + pad;
      return t >= 0 && t < k ? t : -1;
    }),
  );
  // stride-1 valid conv over before + n + after values gives m outputs
  const after = m - n - dMax + u - 1;
  const back = padding === 'same' ? Math.ceil(out / s) : Math.floor((out - k) / s) + 1;
  return { s, u, before: dMax, after, m, out, taps, adjoint: back === n };
}

/** The plan of a transposed conv as a sub-pixel conv, or undefined when this rewrite does not apply. */
export interface SubpixelPlan {
  rows: AxisPlan;
  cols: AxisPlan;
  /** [uh·uw·sh·sw, kh·kw] 0/1 matrix that picks the phase kernels' taps from the original kernel's. */
  select: Float32Array;
  kh: number;
  kw: number;
  padding: Padding;
}

/** Plans conv2dTranspose(x [b, h, w, c], kernel [kh, kw, f, c]) → [b, oh, ow, f] as a sub-pixel conv. */
export function subpixelPlan(
  [h, w]: readonly number[],
  [kh, kw]: readonly number[],
  [sh, sw]: readonly [number, number],
  padding: Padding,
  [oh, ow]: readonly number[],
): SubpixelPlan | undefined {
  const rows = axisPlan(h!, kh!, sh, oh!, padding);
  const cols = axisPlan(w!, kw!, sw, ow!, padding);
  if (!rows || !cols || rows.after < 0 || cols.after < 0) return undefined;
  const taps = kh! * kw!;
  const select = new Float32Array(rows.u * cols.u * sh * sw * taps);
  let row = 0;
  for (let i = 0; i < rows.u; i++) {
    for (let j = 0; j < cols.u; j++) {
      for (let p = 0; p < sh; p++) {
        for (let q = 0; q < sw; q++, row++) {
          const th = rows.taps[p]![i]!;
          const tw = cols.taps[q]![j]!;
          if (th >= 0 && tw >= 0) select[row * taps + th * kw! + tw] = 1;
        }
      }
    }
  }
  return { rows, cols, select, kh: kh!, kw: kw!, padding };
}

/**
 * act(conv2dTranspose(x, kernel) + bias) as one stride-1 conv with sh·sw·filters outputs (one per output phase)
 * followed by depth-to-space: the same sums as tfjs's conv2dTranspose, without its zero-dilated input.
 * The phase kernels are picked from `kernel` by a 0/1 matMul, so its gradient flows back exactly.
 * NOTE: wasm's Conv2DBackpropInput (and a forward conv over a zero-dilated input) does ~2-4x the multiply-adds
 * for a stride-2 transposed conv and was the largest item of the conv decoders' training and inference.
 */
export function subpixelConv2dTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  act: ActivationName,
  training: boolean,
): Tensor4D {
  if (training && hasFastBiasGrad(act) && plan.rows.adjoint && plan.cols.adjoint) {
    return trainingTranspose(x, kernel, bias, plan, act);
  }
  return subpixelForward(x, kernel, bias, plan, act, training);
}

/**
 * The sub-pixel computation itself; `training` runs its phase conv as the training conv op (which fuses bias and
 * activation while a gradient is recorded, and carries their gradients when taped).
 */
function subpixelForward(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  act: ActivationName,
  training: boolean,
): Tensor4D {
  const { rows, cols, kh, kw } = plan;
  const [, , f, c] = kernel.shape;
  const [b] = x.shape;
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
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [rows.before, rows.after],
    [cols.before, cols.after],
    [0, 0],
  ];
  const fused = fusedActivation(act);
  let z: Tensor4D;
  if (training) {
    z = trainingConv2d(x, filter, tiledBias, [1, 1], pad, act) as Tensor4D;
  } else if (!fused) {
    z = biasActivation(tf.conv2d(x, filter, 1, pad), tiledBias, act) as Tensor4D;
  } else {
    z = fusedConv2d(x, filter, tiledBias, [1, 1], pad, act);
  }
  if (phases === 1) return crop(z, rows.out, cols.out);
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
  const grid = tf.transpose(tf.reshape(z, [b, rows.m, cols.m, rows.s, cols.s, f]), [0, 1, 3, 2, 4, 5]);
  return crop(tf.reshape(grid, [b, rows.m * rows.s, cols.m * cols.s, f]) as Tensor4D, rows.out, cols.out);
}

/**
 * The training form: the sub-pixel forward, and the transposed conv's own gradients (tfjs's formulas for
 * Conv2DBackpropInput): dz = dL/d(pre-activation) at the output, dx = conv2d(dz, kernel) with the same stride and
 * padding, the kernel's as the filter gradient of that conv (dz its input, x its output gradient), the bias's a sum
 * of dz. For a 3x3 stride-2 kernel these do 9/16 of the multiply-adds of the sub-pixel conv's gradients (whose
 * 2x2 phase kernels are partly zeros) and need no phase bookkeeping (tile, pick, transposes).
 * NOTE: on wasm, the conv decoder's 7x7x32 → 14x14x16 stage, a batch of 64: input gradient 2.1 → 1.1 ms, kernel
 * gradient ~2.7 → ~2.0 ms (~1.4 ms through aecnn's SIMD kernel gradient, `kernelGrad`).
 */
function trainingTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  plan: SubpixelPlan,
  act: ActivationName,
): Tensor4D {
  const strides: [number, number] = [plan.rows.s, plan.cols.s];
  const op = tf.customGrad(((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const xi = args[0] as Tensor4D;
    const ki = args[1] as Tensor4D;
    const bi = bias ? (args[2] as Tensor) : undefined;
    // NOTE: with a gradient being recorded tfjs's fused conv does not fuse, even here where nothing is taped;
    // the training op (the backend's FusedConv2D under aecnn's name) does.
    const value = subpixelForward(xi, ki, bi, plan, act, true);
    save([xi, ki, value]);
    return {
      value,
      gradFunc: (dy: Tensor, [xs, ks, y]: Tensor[]) => {
        const dz = activationGrad(dy, y!, act) as Tensor4D;
        const grads = [
          tf.conv2d(dz, ks as Tensor4D, strides, plan.padding),
          kernelGrad(dz, xs as Tensor4D, (ks as Tensor4D).shape, strides, plan.padding),
        ];
        return bi ? [...grads, biasGrad(dz)] : grads;
      },
    };
  }) as never) as (...inputs: Tensor[]) => Tensor4D;
  return bias ? op(x, kernel, bias) : op(x, kernel);
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

/** The plain form (tfjs's conv2dTranspose, + bias, activation), for comparison in tests. */
export function plainConv2dTranspose(
  x: Tensor4D,
  kernel: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: Padding,
  outputShape: readonly number[],
  act: ActivationName,
): Tensor {
  const [oh, ow, oc] = outputShape as [number, number, number];
  const y = tf.conv2dTranspose(x, kernel, [x.shape[0], oh, ow, oc], strides, padding);
  return activate(bias ? tf.add(y, bias) : y, act);
}
