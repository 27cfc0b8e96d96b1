// Keras 3 / TF 2.16+ model.json files: batch_shape, keras_history nodes, DTypePolicy.
import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import type { Module } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromLayersArtifacts } from './index';
import { batch, infer, maxDiff } from './test-helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('importLayersModel of Keras 3 files', () => {
  it('loads a Keras 3 / TF 2.16+ model.json (batch_shape, keras_history nodes, DTypePolicy)', () => {
    const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } };
    const node = (from: string) => [
      {
        args: [
          {
            class_name: '__keras_tensor__',
            config: { shape: null, dtype: 'float32', keras_history: [from, 0, 0] },
          },
        ],
        kwargs: {},
      },
    ];
    const topology = {
      class_name: 'Functional',
      config: {
        name: 'functional',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'input_layer',
            config: { batch_shape: [null, 6, 6, 1], dtype: 'float32', name: 'input_layer' },
            inbound_nodes: [],
          },
          {
            module: 'keras.layers',
            class_name: 'Conv2D',
            name: 'conv2d',
            config: {
              name: 'conv2d',
              dtype,
              filters: 2,
              kernel_size: [3, 3],
              strides: [1, 1],
              padding: 'valid',
              data_format: 'channels_last',
              dilation_rate: [1, 1],
              activation: 'relu',
              use_bias: true,
            },
            inbound_nodes: node('input_layer'),
          },
          {
            module: 'keras.layers',
            class_name: 'Flatten',
            name: 'flatten',
            config: { name: 'flatten', dtype, data_format: 'channels_last' },
            inbound_nodes: node('conv2d'),
          },
          {
            module: 'keras.layers',
            class_name: 'Dense',
            name: 'dense',
            config: { name: 'dense', dtype, units: 3, activation: 'linear', use_bias: true },
            inbound_nodes: node('flatten'),
          },
        ],
        input_layers: [['input_layer', 0, 0]],
        output_layers: [['dense', 0, 0]],
      },
    };
    const kernel = tf.randomNormal([3, 3, 1, 2], 0, 1, 'float32', 1);
    const w2 = tf.randomNormal([32, 3], 0, 1, 'float32', 2);
    const specs = [
      { name: 'conv2d/kernel', shape: [3, 3, 1, 2], dtype: 'float32' as const },
      { name: 'conv2d/bias', shape: [2], dtype: 'float32' as const },
      { name: 'dense/kernel', shape: [32, 3], dtype: 'float32' as const },
      { name: 'dense/bias', shape: [3], dtype: 'float32' as const },
    ];
    const data = new Float32Array([...kernel.dataSync(), 0.1, -0.2, ...w2.dataSync(), 0, 0.5, 1]);
    const module = fromLayersArtifacts({
      modelTopology: topology,
      weightSpecs: specs,
      weightData: data.buffer,
    }) as Module;
    const x = batch([6, 6, 1]);
    const expected = tf.tidy(() => {
      const h = tf.relu(
        tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'valid'), tf.tensor1d([0.1, -0.2])),
      );
      return tf.add(tf.matMul(tf.reshape(h, [3, 32]), w2), tf.tensor1d([0, 0.5, 1]));
    });
    expect(maxDiff(module.apply(x, infer), expected)).toBeLessThan(1e-5);
  });
});
