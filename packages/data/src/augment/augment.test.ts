import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineResample, randomRotation, randomShift, rotationMap } from './affine';
import { augment } from './augment';
import { gaussianNoise } from './gaussian-noise';
import { randomErasing } from './random-erasing';
import { randomMask } from './random-mask';
import { saltAndPepper } from './salt-and-pepper';

/** A batch of 8 images 12×12×1 of constant 0.5. */
const half = () => tf.fill([8, 12, 12, 1], 0.5) as tf.Tensor4D;

type Fn = (x: tf.Tensor4D, seed: number) => tf.Tensor4D;
const fns: Record<string, Fn> = {
  gaussianNoise: (x, seed) => gaussianNoise(x, { std: 0.1, seed }),
  saltAndPepper: (x, seed) => saltAndPepper(x, { amount: 0.2, seed }),
  randomMask: (x, seed) => randomMask(x, { rate: 0.3, seed }),
  randomErasing: (x, seed) => randomErasing(x, { probability: 1, seed }),
  randomShift: (x, seed) => randomShift(x, { maxShift: 3, seed }),
  randomRotation: (x, seed) => randomRotation(x, { maxDegrees: 30, seed }),
  augment: (x, seed) =>
    augment(x, { rotation: { maxDegrees: 10 }, shift: { maxShift: 2 }, gaussianNoise: { std: 0.05 } }, seed),
};

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  describe.each(Object.entries(fns))('%s', (_, fn) => {
    it('is pure and seeded: same seed same output, other seed other output, input untouched, no leaks', () => {
      const x = half();
      const before = tf.memory().numTensors;
      const a = fn(x, 1);
      const b = fn(x, 1);
      const c = fn(x, 2);
      expect(tf.memory().numTensors).toBe(before + 3);
      expect(a.shape).toEqual(x.shape);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(x.dataSync()));
      expect(tf.min(a).dataSync()[0]).toBeGreaterThanOrEqual(0);
      expect(tf.max(a).dataSync()[0]).toBeLessThanOrEqual(1);
      expect(new Set(x.dataSync())).toEqual(new Set([0.5]));
      tf.dispose([x, a, b, c]);
    });
  });

  describe('corruption amounts', () => {
    it('gaussian noise has the asked std (before clipping)', () => {
      const x = half();
      const y = gaussianNoise(x, { std: 0.1, seed: 3, clip: false });
      const d = tf.sub(y, x);
      const { mean, variance } = tf.moments(d);
      expect(mean.dataSync()[0]).toBeCloseTo(0, 1);
      expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.1, 1);
      tf.dispose([x, y, d, mean, variance]);
    });

    it('salt-and-pepper and mask change about the asked fraction of pixels', () => {
      const x = tf.fill([16, 28, 28, 1], 0.5) as tf.Tensor4D;
      const sp = saltAndPepper(x, { amount: 0.2, seed: 5 }).dataSync();
      const salt = sp.filter((v) => v === 1).length / sp.length;
      const pepper = sp.filter((v) => v === 0).length / sp.length;
      expect(salt).toBeCloseTo(0.1, 1);
      expect(pepper).toBeCloseTo(0.1, 1);
      const m = randomMask(x, { rate: 0.3, seed: 5 }).dataSync();
      expect(m.filter((v) => v === 0).length / m.length).toBeCloseTo(0.3, 1);
      tf.dispose(x);
    });

    it('erasing blanks one rectangle of the asked area per image', () => {
      const x = tf.ones([20, 20, 20, 1]) as tf.Tensor4D;
      const y = randomErasing(x, { probability: 1, minArea: 0.1, maxArea: 0.2, seed: 4 });
      const zeros = tf.sum(tf.sub(1, y), [1, 2, 3]).dataSync();
      for (const z of zeros) {
        expect(z).toBeGreaterThanOrEqual(20 * 20 * 0.1 * 0.6); // rounding of the sides
        expect(z).toBeLessThanOrEqual(20 * 20 * 0.2 * 1.5);
      }
      const none = randomErasing(x, { probability: 0, seed: 4 });
      expect(tf.min(none).dataSync()[0]).toBe(1);
      tf.dispose([x, y, none]);
    });
  });

  describe('geometry', () => {
    // 3×3 image with pixel values 1..9 row-major.
    const img = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

    it('rotationMap by 90° turns a 3×3 image clockwise on screen', () => {
      const x = img();
      const y = affineResample(x, [rotationMap(Math.PI / 2, 3, 3)], 'nearest');
      // clockwise: first row becomes last column: [[7,4,1],[8,5,2],[9,6,3]]
      expect(Array.from(y.dataSync())).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
      tf.dispose([x, y]);
    });

    it('randomShift moves content by whole pixels, filling with 0', () => {
      const x = tf.zeros([64, 9, 9, 1]) as tf.Tensor4D;
      const dot = tf.tidy(() =>
        tf.add(
          x,
          tf.pad(tf.ones([64, 1, 1, 1]), [
            [0, 0],
            [4, 4],
            [4, 4],
            [0, 0],
          ]),
        ),
      ) as tf.Tensor4D;
      const y = randomShift(dot, { maxShift: 2, seed: 1 });
      const data = y.dataSync();
      const offsets = new Set<string>();
      for (let b = 0; b < 64; b++) {
        const img = data.subarray(b * 81, b * 81 + 81);
        expect(img.filter((v) => v === 1).length).toBe(1); // still exactly one dot, not blurred
        const at = img.indexOf(1);
        const [r, c] = [Math.floor(at / 9) - 4, (at % 9) - 4];
        expect(Math.abs(r)).toBeLessThanOrEqual(2);
        expect(Math.abs(c)).toBeLessThanOrEqual(2);
        offsets.add(`${r},${c}`);
      }
      expect(offsets.size).toBeGreaterThan(10); // of 25 possible shifts
      tf.dispose([x, dot, y]);
    });

    it('bilinear rotation keeps a constant image constant inside (weights sum to 1)', () => {
      const x = tf.ones([2, 9, 9, 1]) as tf.Tensor4D;
      const y = randomRotation(x, { maxDegrees: 20, seed: 3 });
      const d = y.arraySync();
      for (const img of d)
        for (let r = 3; r <= 5; r++) for (let c = 3; c <= 5; c++) expect(img[r]![c]![0]).toBeCloseTo(1, 5);
      expect(tf.min(y).dataSync()[0]).toBeLessThan(1); // corners rotated out
      tf.dispose([x, y]);
    });

    it('randomRotation keeps the centre and respects maxDegrees 0', () => {
      const x = img();
      const y = randomRotation(x, { maxDegrees: 0, seed: 1 });
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      tf.dispose([x, y]);
    });
  });

  describe('option checks', () => {
    it('reject bad options with the function name', () => {
      const x = half();
      expect(() => gaussianNoise(x, { std: -1, seed: 1 })).toThrow(
        'gaussianNoise: std must be a number in [0, 10], got -1',
      );
      expect(() => saltAndPepper(x, { amount: 2, seed: 1 })).toThrow(
        'saltAndPepper: amount must be a number in [0, 1], got 2',
      );
      expect(() => randomShift(x, { maxShift: 1, seed: 0.5 })).toThrow(
        'randomShift: seed must be an integer, got 0.5',
      );
      expect(() => gaussianNoise(tf.zeros([2, 2]) as unknown as tf.Tensor4D, { std: 1, seed: 1 })).toThrow(
        'gaussianNoise: expected a batch [batch, height, width, channels], got shape [2, 2]',
      );
      // @ts-expect-error checking the runtime message
      expect(() => augment(x, { blur: {} }, 1)).toThrow(
        "augment: unknown option 'blur'; expected one of rotation, shift, erasing, mask, saltAndPepper, gaussianNoise",
      );
      expect(() => augment(x, { shift: { maxShif: 1 } as never }, 1)).toThrow(
        "augment shift: unknown option 'maxShif'; did you mean 'maxShift'? expected one of maxShift",
      );
      expect(() => randomMask(x, { rate: 0.1, seed: 1, valu: 1 } as never)).toThrow(
        "randomMask: unknown option 'valu'; did you mean 'value'? expected one of rate, value, seed",
      );
      tf.dispose(x);
    });
  });
});
