import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { namedParams, paramCount } from './params';
import { maxPool2d } from './pool2d';
import { sequential } from './sequential';
import { summary } from './summary';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

/** The article's classifier, layer by layer. */
const articleClassifier = () =>
  sequential([
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 64, activation: 'relu' }),
    dense({ units: 10, activation: 'softmax' }),
  ]);

describe('sequential', () => {
  it('passes the harness on a small conv net', () => {
    checkModule(
      sequential([
        conv2d({ filters: 2, kernelSize: 3, activation: 'tanh' }),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense({ units: 3 }),
      ]),
      { inputShape: [6, 6, 1], outputShape: [3], params: 9 * 2 + 2 + 8 * 3 + 3 },
    );
  });

  it('builds the article classifier: 347,146 params and the Keras shapes', () => {
    const m = build(articleClassifier(), [28, 28, 1], { seed: 1 });
    // conv 3·3·1·32 + 32 = 320; dense 5408·64 + 64 = 346,176; dense 64·10 + 10 = 650
    expect(paramCount(m)).toBe(347_146);
    expect(Object.values(m.children).map((c) => c.outputShape)).toEqual([
      [26, 26, 32],
      [13, 13, 32],
      [5408],
      [64],
      [10],
    ]);
    const s = summary(m);
    for (const shape of [
      '(None, 26, 26, 32)',
      '(None, 13, 13, 32)',
      '(None, 5408)',
      '(None, 64)',
      '(None, 10)',
    ]) {
      expect(s).toContain(shape);
    }
    expect(s).toMatch(/conv2d1\s+conv2d\s+\(None, 26, 26, 32\)\s+320/);
    expect(s).toMatch(/dense1\s+dense\s+\(None, 64\)\s+346,176/);
    expect(s).toContain('Total params: 347,146');
    expect(s).toContain('Non-trainable params: 0');
    expect([...namedParams(m).keys()]).toEqual([
      'conv2d1/kernel',
      'conv2d1/bias',
      'dense1/kernel',
      'dense1/bias',
      'dense2/kernel',
      'dense2/bias',
    ]);
    const y = m.apply(tf.zeros([3, 28, 28, 1]), { training: false });
    expect(y.shape).toEqual([3, 10]);
    expect(tf.sum(y).dataSync()[0]).toBeCloseTo(3, 5);
  });

  it('names layers by option, nests paths, and rejects duplicates', () => {
    const m = build(
      sequential([
        sequential([dense({ units: 4, name: 'fc' })], { name: 'block1' }),
        dense({ units: 2, name: 'out' }),
      ]),
      [3],
    );
    expect([...namedParams(m).keys()]).toEqual([
      'block1/fc/kernel',
      'block1/fc/bias',
      'out/kernel',
      'out/bias',
    ]);
    expect(() => sequential([dense({ units: 1, name: 'a' }), dense({ units: 1, name: 'a' })])).toThrow(
      "sequential: two layers are named 'a'",
    );
  });

  it('shape errors name the layer path, the expected and the received shape', () => {
    const spec = sequential([
      sequential([flatten(), dense({ units: 4 })], { name: 'block1' }),
      conv2d({ filters: 2, kernelSize: 1, name: 'conv' }),
    ]);
    const before = tf.memory().numTensors;
    expect(() => build(spec, [2, 2], { name: 'encoder' })).toThrow(
      'conv2d (encoder/conv): expected input [batch, height, width, channels], got [batch, 4]',
    );
    expect(tf.memory().numTensors, 'a failed build frees what it created').toBe(before);
    const m = build(sequential([sequential([dense({ units: 4, name: 'fc' })], { name: 'block1' })]), [3], {
      name: 'encoder',
    });
    expect(() => m.apply(tf.zeros([2, 5]), { training: false })).toThrow(
      'sequential (encoder): expected input [batch, 3], got [2, 5]',
    );
    expect(() => m.children.block1!.children.fc!.apply(tf.zeros([2, 5]), { training: false })).toThrow(
      'dense (encoder/block1/fc): expected input [batch, 3], got [2, 5]',
    );
    expect(() => m.apply(tf.zeros([2, 3]), undefined as never)).toThrow(/needs ctx.training/);
  });

  it('derives a dropout seed per child so one call seed repeats the masks', () => {
    const m = build(sequential([dropout({ rate: 0.5 }), dropout({ rate: 0.5 })]), [32]);
    const x = tf.ones([1, 32]);
    const a = m.apply(x, { training: true, seed: 9 }).dataSync();
    const b = m.apply(x, { training: true, seed: 9 }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('forward calls leak no tensors, in training or inference', () => {
    const m = build(articleClassifier(), [28, 28, 1], { seed: 2 });
    const x = tf.randomNormal([2, 28, 28, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.dispose(m.apply(x, { training: i % 2 === 0 }));
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
