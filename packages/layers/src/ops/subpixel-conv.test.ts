import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivationName } from '../activations';
import type { Padding } from '../conv-shape';
import { conv2dTransposeOutputShape } from '../conv2d-transpose';
import { seededInput } from '../testing/check-module';
import { backend } from '../testing/setup';
import { plainConv2dTranspose } from './conv2d-transpose-forward';
import { subpixelConv2dTranspose } from './subpixel-conv';
import { subpixelPlan } from './subpixel-plan';

afterAll(() => backend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

type Case = [number[], number[], [number, number], Padding, ActivationName];

// [input b, h, w, c], [kernel kh, kw, filters, c], strides, padding, activation
const CASES: Case[] = [
  [[2, 7, 7, 4], [3, 3, 2, 4], [2, 2], 'same', 'relu'], // the conv decoder's stages
  [[2, 14, 14, 3], [3, 3, 1, 3], [2, 2], 'same', 'sigmoid'],
  [[2, 5, 6, 2], [3, 3, 3, 2], [1, 1], 'valid', 'sigmoid'], // the article decoder's stride-1 valid deconv
  [[1, 4, 5, 2], [4, 4, 2, 2], [2, 2], 'same', 'linear'],
  [[1, 4, 4, 3], [5, 3, 2, 3], [3, 2], 'valid', 'relu'],
  [[2, 3, 4, 2], [2, 2, 3, 2], [2, 2], 'valid', 'linear'],
  [[1, 5, 5, 2], [1, 1, 2, 2], [3, 3], 'same', 'linear'], // taps that miss whole phases
  // filters a multiple of 4: wasm moves the phases with aecnn's depth-to-space kernel (cropped in the last two)
  [[2, 7, 7, 8], [3, 3, 4, 8], [2, 2], 'same', 'relu'],
  [[1, 4, 4, 2], [3, 3, 4, 2], [2, 2], 'valid', 'linear'],
  [[1, 4, 4, 3], [5, 3, 8, 3], [3, 2], 'valid', 'sigmoid'],
];

describe('subpixelConv2dTranspose', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`matches conv2dTranspose + bias + activation in value and gradients within 1e-4 on ${name}`, async () => {
      await backend(name);
      for (const [xs, ks, strides, padding, act] of CASES) {
        const where = `${name} x ${xs} k ${ks} s ${strides} ${padding} ${act}`;
        const out = conv2dTransposeOutputShape(xs.slice(1), {
          filters: ks[2]!,
          kernelSize: [ks[0]!, ks[1]!],
          strides,
          padding,
        });
        const plan = subpixelPlan(xs.slice(1), ks, strides, padding, out);
        expect(plan, where).toBeDefined();
        const x = seededInput(xs, 1) as tf.Tensor4D;
        const k = seededInput(ks, 2, 0.5) as tf.Tensor4D;
        const b = seededInput([ks[2]!], 3, 0.5);
        const r = tf.tidy(() =>
          tf.reshape(tf.sin(tf.range(0, xs[0]! * out[0]! * out[1]! * out[2]!)), [xs[0]!, ...out]),
        );
        for (const training of [false, true]) {
          const run = (ours: boolean) =>
            tf.tidy(() => {
              const f = (xi: tf.Tensor, ki: tf.Tensor, bi: tf.Tensor) => {
                const y = ours
                  ? subpixelConv2dTranspose(xi as tf.Tensor4D, ki as tf.Tensor4D, bi, plan!, act, training)
                  : plainConv2dTranspose(
                      xi as tf.Tensor4D,
                      ki as tf.Tensor4D,
                      bi,
                      strides,
                      padding,
                      out,
                      act,
                    );
                expect(y.shape, where).toEqual([xs[0], ...out]);
                return tf.sum(tf.mul(y, r));
              };
              const { value, grads } = tf.valueAndGrads(f)([x, k, b]);
              return [value, ...grads];
            });
          const ours = run(true);
          const ref = run(false);
          ours.forEach((t, i) => {
            expect(t.shape, `${where} ${i}`).toEqual(ref[i]!.shape);
            expect(maxAbsDiff(t, ref[i]!), `${where} training ${training} output ${i}`).toBeLessThan(1e-4);
          });
          tf.dispose([...ours, ...ref]);
        }
        tf.dispose([x, k, b, r]);
      }
    });
  }

  it('trains through the transposed conv own gradients (a strided conv for the input), leaking no tensor', async () => {
    await backend('wasm');
    const plan = subpixelPlan([7, 7, 8], [3, 3, 4, 8], [2, 2], 'same', [14, 14, 4])!;
    const x = tf.variable(seededInput([2, 7, 7, 8], 1));
    const k = tf.variable(seededInput([3, 3, 4, 8], 2, 0.5));
    const b = tf.variable(tf.zeros([4]));
    const step = () => {
      const { value, grads } = tf.variableGrads(() =>
        tf.sum(subpixelConv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, b, plan, 'relu', true)),
      );
      tf.dispose([value, ...Object.values(grads)]);
    };
    const profile = await tf.profile(step);
    const kernels = profile.kernels.map((p) => `${p.name} ${JSON.stringify(p.inputShapes)}`);
    // dx: the stride-2 conv of dz [2, 14, 14, 4] back to 7x7; dkernel: the filter gradient of that conv
    expect(kernels).toContain('Conv2D [[2,14,14,4],[3,3,4,8]]');
    expect(kernels).toContain('Conv2DBackpropFilter [[2,14,14,4],[2,7,7,8]]');
    expect(kernels.filter((n) => n.startsWith('Conv2DBackpropInput'))).toEqual([]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, k, b]);
  });
});
