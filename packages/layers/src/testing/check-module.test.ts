import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineModule } from '../define-module';
import { type LayerSpec, layer } from '../spec';
import { checkModule } from './check-module';
import { backend } from './setup';

beforeAll(() => backend('cpu'));

/** A layer y = x² whose registered gradient is deliberately wrong (x instead of 2x). */
const wrongGrad = (): LayerSpec =>
  layer({
    kind: 'wrongGrad',
    options: {},
    outputShape: (s) => s,
    build: (inputShape, ctx) =>
      defineModule({
        kind: 'wrongGrad',
        config: { kind: 'wrongGrad' },
        path: ctx.path,
        inputShape,
        outputShape: inputShape,
        forward: (x) =>
          tf.customGrad(((a: tf.Tensor, save: tf.GradSaveFunc) => {
            save([a]);
            return { value: tf.square(a), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, s!) };
          }) as never)(x),
      }),
  });

describe('checkModule', () => {
  it('catches a wrong gradient', () => {
    expect(() => checkModule(wrongGrad(), { inputShape: [3], outputShape: [3], params: 0 })).toThrow(
      /wrongGrad d\/dx\[\d\]: analytic/,
    );
  });

  it('catches a wrong output shape and param count', () => {
    expect(() => checkModule(wrongGrad(), { inputShape: [3], outputShape: [4], params: 0 })).toThrow(
      /outputShape/,
    );
    expect(() => checkModule(wrongGrad(), { inputShape: [3], outputShape: [3], params: 1 })).toThrow(
      /param count/,
    );
  });
});
