import type { Module } from '@aecnn/layers';
import type { KerasLayer, KerasPiece, NamedWeight } from './keras-types';

/** Keras names of our activations; leakyRelu is a layer of its own in Keras (see `leakyReluLayer`). */
export const KERAS_ACTIVATION: Readonly<Record<string, string>> = Object.freeze({
  relu: 'relu',
  elu: 'elu',
  gelu: 'gelu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  linear: 'linear',
});

/** Kinds this exporter knows, for error messages. */
export const EXPORTABLE_KINDS = Object.freeze([
  'dense',
  'conv2d',
  'conv2dTranspose',
  'maxPool2d',
  'avgPool2d',
  'upSampling2d',
  'flatten',
  'reshape',
  'dropout',
  'batchNorm',
  'activation',
  'cropping2d',
  'zeroPadding2d',
  'add',
  'subtract',
  'multiply',
  'average',
  'concatenate',
]);

/** Keras merge layers of our merge kinds; `subtract` has none in TF.js Layers (see `Graph.leaf`). */
const KERAS_MERGE: Readonly<Record<string, string>> = Object.freeze({
  add: 'Add',
  multiply: 'Multiply',
  average: 'Average',
  concatenate: 'Concatenate',
});

function weight(name: string, v: { shape: number[]; dataSync(): ArrayLike<number> }): NamedWeight {
  return { name, shape: [...v.shape], values: Float32Array.from(v.dataSync()) };
}

const base = (name: string) => ({ name, trainable: true, dtype: 'float32' });

function leakyReluLayer(name: string, alpha: number): KerasLayer {
  return { class_name: 'LeakyReLU', config: { ...base(name), alpha } };
}

/** Splits an activation into a Keras `activation` string and, for leakyRelu, a trailing LeakyReLU layer. */
function splitActivation(
  act: string,
  name: string,
  alpha: number,
): { activation: string; extra: KerasLayer[] } {
  if (act === 'leakyRelu')
    return { activation: 'linear', extra: [leakyReluLayer(`${name}_leaky_relu`, alpha)] };
  const k = KERAS_ACTIVATION[act];
  if (k === undefined)
    throw new Error(`exportLayersModel (${name}): activation '${act}' has no Keras equivalent`);
  return { activation: k, extra: [] };
}

const pair = (v: unknown): number[] => (Array.isArray(v) ? [...(v as number[])] : [v as number, v as number]);

/**
 * Translates one built leaf module into Keras layers and weights. `name` is its unique Keras name.
 * Throws for a kind it does not know, naming it and the known kinds.
 */
export function leafToKeras(m: Module, name: string, leakyAlpha: number): KerasPiece {
  const c = m.config as Record<string, unknown>;
  const p = m.params;
  const weights: NamedWeight[] = [];
  const add = (local: string, kerasName: string) => {
    if (p[local]) weights.push(weight(`${name}/${kerasName}`, p[local]!));
  };
  switch (m.kind) {
    case 'dense':
    case 'conv2d':
    case 'conv2dTranspose': {
      const { activation, extra } = splitActivation(String(c.activation ?? 'linear'), name, leakyAlpha);
      const common = {
        ...base(name),
        activation,
        use_bias: c.useBias !== false,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      };
      const conv = {
        filters: c.filters,
        kernel_size: pair(c.kernelSize),
        strides: pair(c.strides ?? 1),
        padding: c.padding ?? 'valid',
        data_format: 'channels_last',
      };
      const config =
        m.kind === 'dense'
          ? { ...common, units: c.units }
          : m.kind === 'conv2d'
            ? { ...common, ...conv, dilation_rate: pair(c.dilation ?? 1) }
            : { ...common, ...conv, dilation_rate: [1, 1], output_padding: null };
      const className = m.kind === 'dense' ? 'Dense' : m.kind === 'conv2d' ? 'Conv2D' : 'Conv2DTranspose';
      add('kernel', 'kernel');
      add('bias', 'bias');
      return { layers: [{ class_name: className, config }, ...extra], weights };
    }
    case 'maxPool2d':
    case 'avgPool2d':
      return {
        layers: [
          {
            class_name: m.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D',
            config: {
              ...base(name),
              pool_size: pair(c.poolSize),
              strides: pair(c.strides ?? c.poolSize),
              padding: c.padding ?? 'valid',
              data_format: 'channels_last',
            },
          },
        ],
        weights,
      };
    case 'upSampling2d':
      return {
        layers: [
          {
            class_name: 'UpSampling2D',
            config: {
              ...base(name),
              size: pair(c.size),
              interpolation: c.interpolation ?? 'nearest',
              data_format: 'channels_last',
            },
          },
        ],
        weights,
      };
    case 'flatten':
      return {
        layers: [{ class_name: 'Flatten', config: { ...base(name), data_format: 'channels_last' } }],
        weights,
      };
    case 'reshape':
      return {
        layers: [{ class_name: 'Reshape', config: { ...base(name), target_shape: [...m.outputShape] } }],
        weights,
      };
    case 'dropout':
      return {
        layers: [
          { class_name: 'Dropout', config: { ...base(name), rate: c.rate, noise_shape: null, seed: null } },
        ],
        weights,
      };
    case 'cropping2d':
    case 'zeroPadding2d': {
      const sides = (m.kind === 'cropping2d' ? c.cropping : c.padding) as number[][];
      const key = m.kind === 'cropping2d' ? 'cropping' : 'padding';
      const className = m.kind === 'cropping2d' ? 'Cropping2D' : 'ZeroPadding2D';
      return {
        layers: [
          {
            class_name: className,
            config: { ...base(name), [key]: sides.map((p) => [...p]), data_format: 'channels_last' },
          },
        ],
        weights,
      };
    }
    case 'add':
    case 'multiply':
    case 'average':
      return { layers: [{ class_name: KERAS_MERGE[m.kind]!, config: base(name) }], weights };
    case 'concatenate':
      return {
        layers: [{ class_name: 'Concatenate', config: { ...base(name), axis: c.axis ?? -1 } }],
        weights,
      };
    case 'subtract': {
      // NOTE: TF.js Layers has no Subtract; a - b is exported as Add([a, Dense(-I)(b)]), exact in float32.
      const channels = m.inputShapes![1]!.at(-1)!;
      const negate = new Float32Array(channels * channels);
      for (let i = 0; i < channels; i++) negate[i * channels + i] = -1;
      const dense = `${name}_negate`;
      return {
        layers: [
          {
            class_name: 'Dense',
            config: {
              ...base(dense),
              units: channels,
              activation: 'linear',
              use_bias: false,
              kernel_initializer: { class_name: 'Zeros', config: {} },
            },
          },
          { class_name: 'Add', config: base(name) },
        ],
        weights: [{ name: `${dense}/kernel`, shape: [channels, channels], values: negate }],
      };
    }
    case 'activation': {
      const fn = String(c.activation);
      if (fn === 'leakyRelu') return { layers: [leakyReluLayer(name, leakyAlpha)], weights };
      const { activation } = splitActivation(fn, name, leakyAlpha);
      return { layers: [{ class_name: 'Activation', config: { ...base(name), activation } }], weights };
    }
    case 'batchNorm': {
      const find = (...names: string[]) => names.find((n) => p[n] !== undefined);
      for (const [keras, ours] of [
        ['gamma', find('gamma', 'scale')],
        ['beta', find('beta', 'offset', 'center')],
        ['moving_mean', find('movingMean', 'moving_mean')],
        ['moving_variance', find('movingVariance', 'movingVar', 'moving_variance')],
      ] as const) {
        if (ours) add(ours, keras);
      }
      return {
        layers: [
          {
            class_name: 'BatchNormalization',
            config: {
              ...base(name),
              axis: -1,
              momentum: c.momentum ?? 0.99,
              epsilon: c.epsilon ?? 1e-3,
              center: weights.some((w) => w.name.endsWith('/beta')),
              scale: weights.some((w) => w.name.endsWith('/gamma')),
            },
          },
        ],
        weights,
      };
    }
    default:
      throw new Error(
        `exportLayersModel: layer '${name}' of kind '${m.kind}' has no TF.js Layers equivalent; ` +
          `exportable kinds: ${EXPORTABLE_KINDS.join(', ')}`,
      );
  }
}
