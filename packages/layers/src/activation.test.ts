import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activation } from './activation';
import { ACTIVATIONS } from './activations';
import { build } from './build';
import { fromConfig, toConfig } from './config';
import { checkModule } from './testing/check-module';
import { backend } from './testing/setup';

beforeAll(() => backend('cpu'));

describe('activation', () => {
  it('passes the harness for every function', () => {
    for (const fn of ACTIVATIONS) {
      checkModule(activation({ activation: fn }), { inputShape: [2, 3], outputShape: [2, 3], params: 0 });
    }
  });

  it('matches reference values', () => {
    const x = tf.tensor2d([[-1, 0, 2]]);
    const run = (fn: (typeof ACTIVATIONS)[number]) =>
      Array.from(
        build(activation({ activation: fn }), [3])
          .apply(x, { training: false })
          .dataSync(),
      );
    const close = (a: number[], b: number[]) => {
      for (const [i, v] of a.entries()) expect(v).toBeCloseTo(b[i]!, 5);
    };
    close(run('relu'), [0, 0, 2]);
    close(run('leakyRelu'), [-0.2, 0, 2]);
    close(run('elu'), [Math.exp(-1) - 1, 0, 2]);
    // gelu(x) = x·Φ(x): Φ(-1) = 0.158655, Φ(2) = 0.977250
    close(run('gelu'), [-0.158655, 0, 1.9545]);
    close(run('sigmoid'), [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))]);
    close(run('tanh'), [Math.tanh(-1), 0, Math.tanh(2)]);
    const z = Math.exp(-1) + 1 + Math.exp(2);
    close(run('softmax'), [Math.exp(-1) / z, 1 / z, Math.exp(2) / z]);
    close(run('linear'), [-1, 0, 2]);
  });

  it('rejects unknown functions, listing the valid ones', () => {
    expect(() => activation({ activation: 'swish' as never })).toThrow(
      'activation: activation must be one of relu, leakyRelu, elu, gelu, sigmoid, tanh, softmax, linear, got "swish"',
    );
  });

  it("takes Keras's option name; the old 'fn' says what it was renamed to", () => {
    expect(() => activation({ fn: 'relu' } as never)).toThrow(
      "activation: option 'fn' was renamed to 'activation'",
    );
    expect(() => activation({ activation: 'relu', fun: 1 } as never)).toThrow("unknown option 'fun'");
  });

  it("loads configs saved with the old 'fn' option", () => {
    const m = fromConfig({ kind: 'activation', fn: 'tanh' } as never, [3]);
    expect(toConfig(m)).toEqual({ kind: 'activation', activation: 'tanh' });
    const y = Array.from(m.apply(tf.tensor2d([[-1, 0, 2]]), { training: false }).dataSync());
    expect(y[0]).toBeCloseTo(Math.tanh(-1), 5);
    expect(y[2]).toBeCloseTo(Math.tanh(2), 5);
  });
});
