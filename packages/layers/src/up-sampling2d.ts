import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { defineLayer, type Normalised } from './custom-layer';
import type { Shape } from './module';
import { checkRank, toChoice, toPair } from './shape';
import type { LayerSpec, NameOption } from './spec';

const KIND = 'upSampling2d';

/** Options of `upSampling2d`. */
export interface UpSampling2dOptions extends NameOption {
  /** Integer scale factor, e.g. 2 or [2, 2]. */
  size: number | [number, number];
  /** 'nearest' (default, repeats pixels) or 'bilinear' (half-pixel centres, as tf.image.resize). */
  interpolation?: 'nearest' | 'bilinear';
}

/** upSampling2d options after normalisation: the size as a pair, the interpolation set. */
export type UpSampling2dConfig = Normalised<UpSampling2dOptions, 'size'>;

function normalise(o: UpSampling2dOptions): UpSampling2dConfig {
  return {
    size: toPair(o.size, 'size', KIND),
    interpolation: toChoice(o.interpolation ?? 'nearest', ['nearest', 'bilinear'], 'interpolation', KIND),
  };
}

function outputShape(inputShape: Shape, o: UpSampling2dConfig, path: string): Shape {
  checkRank(KIND, path, inputShape, 3, '[batch, height, width, channels]');
  return [inputShape[0]! * o.size[0], inputShape[1]! * o.size[1], inputShape[2]!];
}

/** Output shape of upSampling2d: [h, w, c] → [h * sh, w * sw, c]. */
export function upSampling2dOutputShape(inputShape: Shape, options: UpSampling2dOptions, path = ''): Shape {
  return outputShape(inputShape, normalise(options), path);
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

const upSampling2dLayer = defineLayer<UpSampling2dOptions, UpSampling2dConfig>({
  kind: KIND,
  options: ['size', 'interpolation'],
  check: normalise,
  outputShape,
  forward: (_params, x, o, { outputShape: [oh, ow] }) => resize(x as Tensor4D, [oh!, ow!], o.interpolation),
});

/**
 * Upsampling by an integer factor: [batch, h, w, c] → [batch, h·sh, w·sw, c]; no params.
 * @example upSampling2d({ size: 2, interpolation: 'bilinear' }) // 7x7x16 → 14x14x16
 */
export function upSampling2d(options: UpSampling2dOptions): LayerSpec<UpSampling2dConfig> {
  return upSampling2dLayer(options);
}
