import {
  type ActivationName,
  activation,
  add,
  average,
  avgPool2d,
  batchNorm,
  concatenate,
  conv2d,
  conv2dTranspose,
  cropping2d,
  dense,
  dropout,
  flatten,
  type LayerSpec,
  LEAKY_ALPHA,
  type MultiInputSpec,
  maxPool2d,
  multiply,
  reshape,
  subtract,
  upSampling2d,
  zeroPadding2d,
} from '@aecnn/layers';
import type { KerasLayer } from './keras-types';
import { KERAS_ACTIVATION } from './to-keras';

/** Keras layer classes that importLayersModel understands. */
export const SUPPORTED_CLASSES = Object.freeze([
  'InputLayer',
  'Conv2D',
  'Conv2DTranspose',
  'Dense',
  'MaxPooling2D',
  'AveragePooling2D',
  'UpSampling2D',
  'Flatten',
  'Reshape',
  'Dropout',
  'BatchNormalization',
  'Activation',
  'LeakyReLU',
  'Cropping2D',
  'ZeroPadding2D',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Concatenate',
]);

// The inverse of the export map, plus Keras 3's `leaky_relu` string (slope 0.2, as ours).
const ACTIVATION_FROM_KERAS: Readonly<Record<string, ActivationName>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(KERAS_ACTIVATION).map(([ours, keras]) => [keras, ours as ActivationName]),
  ),
  leaky_relu: 'leakyRelu',
});

/** A Keras layer turned into our spec, plus the Keras→ours weight-name map it needs. */
export interface ImportedLayer {
  name: string;
  /** A one-input layer, or a merge (several inputs) that only a graph import uses. */
  spec: LayerSpec | MultiInputSpec;
  /** Keras weight name (`kernel`, `gamma`, ...) → our parameter name. */
  weights: Record<string, string>;
}

function where(l: KerasLayer): string {
  return `layer '${layerName(l)}' (${l.class_name})`;
}

/** The layer's name, wherever this Keras version keeps it. */
export function layerName(l: KerasLayer): string {
  return String(l.config?.name ?? l.name ?? l.class_name);
}

function activationOf(l: KerasLayer, value: unknown): ActivationName {
  const raw =
    typeof value === 'object' && value !== null ? (value as { class_name?: string }).class_name : value;
  const key = String(raw ?? 'linear');
  const act = ACTIVATION_FROM_KERAS[key] ?? ACTIVATION_FROM_KERAS[key.toLowerCase()];
  if (act === undefined) {
    throw new Error(
      `importLayersModel: ${where(l)} uses activation '${key}'; supported: ${Object.keys(ACTIVATION_FROM_KERAS).join(', ')}`,
    );
  }
  return act;
}

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];

function checkChannelsLast(l: KerasLayer): void {
  const f = l.config.data_format;
  if (f !== undefined && f !== null && f !== 'channels_last') {
    throw new Error(`importLayersModel: ${where(l)} has data_format '${f}'; only channels_last is supported`);
  }
}

/** Our layer name: the Keras name where it is a usable path segment. */
function ourName(l: KerasLayer): string {
  return layerName(l).replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** Translates one Keras layer (not InputLayer) into our layer spec. */
export function fromKeras(l: KerasLayer): ImportedLayer {
  const c = l.config;
  const name = ourName(l);
  const kw = { kernel: 'kernel', bias: 'bias' };
  switch (l.class_name) {
    case 'Dense':
      return {
        name,
        spec: dense({
          units: Number(c.units),
          activation: activationOf(l, c.activation),
          useBias: c.use_bias !== false,
          name,
        }),
        weights: kw,
      };
    case 'Conv2D':
    case 'Conv2DTranspose': {
      checkChannelsLast(l);
      const common = {
        filters: Number(c.filters),
        kernelSize: pair(c.kernel_size),
        strides: pair(c.strides ?? 1),
        padding: String(c.padding ?? 'valid').toLowerCase() as 'same' | 'valid',
        activation: activationOf(l, c.activation),
        useBias: c.use_bias !== false,
        name,
      };
      if (l.class_name === 'Conv2D')
        return { name, spec: conv2d({ ...common, dilation: pair(c.dilation_rate ?? 1) }), weights: kw };
      if (c.output_padding != null)
        throw new Error(`importLayersModel: ${where(l)} has output_padding; not supported`);
      if (pair(c.dilation_rate ?? 1).some((d) => d !== 1)) {
        throw new Error(
          `importLayersModel: ${where(l)} has dilation_rate > 1; not supported for Conv2DTranspose`,
        );
      }
      return { name, spec: conv2dTranspose(common), weights: kw };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      checkChannelsLast(l);
      const o = {
        poolSize: pair(c.pool_size ?? 2),
        strides: pair(c.strides ?? c.pool_size ?? 2),
        padding: String(c.padding ?? 'valid').toLowerCase() as 'same' | 'valid',
        name,
      };
      return { name, spec: l.class_name === 'MaxPooling2D' ? maxPool2d(o) : avgPool2d(o), weights: {} };
    }
    case 'UpSampling2D':
      checkChannelsLast(l);
      return {
        name,
        spec: upSampling2d({
          size: pair(c.size ?? 2),
          interpolation: (c.interpolation as 'nearest' | 'bilinear') ?? 'nearest',
          name,
        }),
        weights: {},
      };
    case 'Flatten':
      return { name, spec: flatten({ name }), weights: {} };
    case 'Reshape':
      return {
        name,
        spec: reshape({ targetShape: (c.target_shape as number[]).map(Number), name }),
        weights: {},
      };
    case 'Cropping2D':
    case 'ZeroPadding2D': {
      checkChannelsLast(l);
      const sides = (l.class_name === 'Cropping2D' ? c.cropping : c.padding) as [number, number];
      return {
        name,
        spec:
          l.class_name === 'Cropping2D'
            ? cropping2d({ cropping: sides, name })
            : zeroPadding2d({ padding: sides, name }),
        weights: {},
      };
    }
    case 'Add':
      return { name, spec: add({ name }), weights: {} };
    case 'Subtract':
      return { name, spec: subtract({ name }), weights: {} };
    case 'Multiply':
      return { name, spec: multiply({ name }), weights: {} };
    case 'Average':
      return { name, spec: average({ name }), weights: {} };
    case 'Concatenate':
      return { name, spec: concatenate({ axis: Number(c.axis ?? -1), name }), weights: {} };
    case 'Dropout':
      return { name, spec: dropout({ rate: Number(c.rate), name }), weights: {} };
    case 'Activation':
      return { name, spec: activation({ activation: activationOf(l, c.activation), name }), weights: {} };
    case 'LeakyReLU': {
      const alpha = Number(c.alpha ?? c.negative_slope ?? 0.3);
      if (Math.abs(alpha - LEAKY_ALPHA) > 1e-7) {
        throw new Error(
          `importLayersModel: ${where(l)} has slope ${alpha}; aecnn's leakyRelu has slope ${LEAKY_ALPHA}`,
        );
      }
      return { name, spec: activation({ activation: 'leakyRelu', name }), weights: {} };
    }
    case 'BatchNormalization': {
      const axis = Array.isArray(c.axis) ? c.axis[0] : c.axis;
      if (axis !== undefined && axis !== -1 && axis !== 3) {
        throw new Error(
          `importLayersModel: ${where(l)} normalises axis ${axis}; only the channel axis (-1) is supported`,
        );
      }
      return {
        name,
        spec: batchNorm({ momentum: Number(c.momentum ?? 0.99), epsilon: Number(c.epsilon ?? 1e-3), name }),
        weights: {
          gamma: 'gamma',
          beta: 'beta',
          moving_mean: 'movingMean',
          moving_variance: 'movingVariance',
        },
      };
    }
    default:
      throw new Error(
        `importLayersModel: ${where(l)} is not supported; supported layers: ${SUPPORTED_CLASSES.join(', ')}`,
      );
  }
}
