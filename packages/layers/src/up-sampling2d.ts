import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { defineModule } from './define-module';
import type { Shape } from './module';
import { checkKeys, formatShape, toChoice, toPair, where } from './shape';
import { checkName, type LayerSpec, layer, type NameOption } from './spec';

/** Options of `upSampling2d`. */
export interface UpSampling2dOptions extends NameOption {
  /** Integer scale factor, e.g. 2 or [2, 2]. */
  size: number | [number, number];
  /** 'nearest' (default, repeats pixels) or 'bilinear' (half-pixel centres, as tf.image.resize). */
  interpolation?: 'nearest' | 'bilinear';
}

/** upSampling2d options after normalisation. */
export interface UpSampling2dConfig extends NameOption {
  size: [number, number];
  interpolation: 'nearest' | 'bilinear';
}

const KIND = 'upSampling2d';

function normalise(o: UpSampling2dOptions): UpSampling2dConfig {
  checkKeys(o, ['size', 'interpolation', 'name'], KIND);
  const name = checkName(o.name, KIND);
  return {
    size: toPair(o.size, 'size', KIND),
    interpolation: toChoice(o.interpolation ?? 'nearest', ['nearest', 'bilinear'], 'interpolation', KIND),
    ...(name ? { name } : {}),
  };
}

/** Output shape of upSampling2d: [h, w, c] → [h * sh, w * sw, c]. */
export function upSampling2dOutputShape(inputShape: Shape, options: UpSampling2dOptions, path = ''): Shape {
  const o = normalise(options);
  if (inputShape.length !== 3) {
    throw new Error(
      `${where(KIND, path)}: expected input [batch, height, width, channels], got ${formatShape(inputShape, true)}`,
    );
  }
  return [inputShape[0]! * o.size[0], inputShape[1]! * o.size[1], inputShape[2]!];
}

/**
 * [out, n] matrix of 1-D resampling: nearest repeats each source pixel; bilinear interpolates with half-pixel
 * centres and clamped edges, as tf.image.resize.
 */
export function interpolationMatrix(
  n: number,
  out: number,
  interpolation: 'nearest' | 'bilinear',
): Float32Array {
  const m = new Float32Array(out * n);
  for (let i = 0; i < out; i++) {
    if (interpolation === 'nearest') {
      m[i * n + Math.floor((i * n) / out)] = 1;
      continue;
    }
    const src = Math.min(Math.max(((i + 0.5) * n) / out - 0.5, 0), n - 1);
    const lo = Math.floor(src);
    const hi = Math.min(lo + 1, n - 1);
    m[i * n + lo]! += 1 - (src - lo);
    m[i * n + hi]! += src - lo;
  }
  return m;
}

// NOTE: two matMuls with resampling matrices instead of tf.image.resize*: in tfjs 4.22 the gradient kernels of
// those ops disagree with finite differences (bilinear ignores halfPixelCenters), while matMul's gradient is
// exact on every backend and the matrices are small (out x in per axis).
function resize(x: Tensor4D, [oh, ow]: [number, number], interpolation: 'nearest' | 'bilinear'): Tensor4D {
  const [b, h, w, c] = x.shape;
  const aw = tf.tensor2d(interpolationMatrix(w, ow, interpolation), [ow, w]);
  const ah = tf.tensor2d(interpolationMatrix(h, oh, interpolation), [oh, h]);
  // [b, h, w, c] → [b·c·h, w] · awᵀ → [b·c·h, ow]
  const cols = tf.matMul(tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [-1, w]), aw, false, true);
  // → [b·c, ow, h] → [b·c·ow, h] · ahᵀ → [b·c·ow, oh]
  const t = tf.reshape(tf.transpose(tf.reshape(cols, [b * c, h, ow]), [0, 2, 1]), [-1, h]);
  const rows = tf.matMul(t, ah, false, true);
  // [b, c, ow, oh] → [b, oh, ow, c]
  return tf.transpose(tf.reshape(rows, [b, c, ow, oh]), [0, 3, 2, 1]);
}

/**
 * Upsampling by an integer factor: [batch, h, w, c] → [batch, h·sh, w·sw, c]; no params.
 * @example upSampling2d({ size: 2, interpolation: 'bilinear' }) // 7x7x16 → 14x14x16
 */
export function upSampling2d(options: UpSampling2dOptions): LayerSpec<UpSampling2dConfig> {
  const o = normalise(options);
  return layer({
    kind: KIND,
    options: o,
    outputShape: (inputShape) => upSampling2dOutputShape(inputShape, o),
    build(inputShape, ctx) {
      const outputShape = upSampling2dOutputShape(inputShape, o, ctx.path);
      const hw: [number, number] = [outputShape[0]!, outputShape[1]!];
      return defineModule({
        kind: KIND,
        config: { kind: KIND, ...o },
        path: ctx.path,
        inputShape,
        outputShape,
        forward: (x) => resize(x as Tensor4D, hw, o.interpolation),
      });
    },
  });
}
