import { checkKeys, checkSeed, mixSeeds } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { RANDOM_ROTATION_KEYS, RANDOM_SHIFT_KEYS, randomRotation, randomShift } from './affine';
import { checkBatch } from './check';
import { GAUSSIAN_NOISE_KEYS, gaussianNoise } from './gaussian-noise';
import { RANDOM_ERASING_KEYS, type RandomErasingOptions, randomErasing } from './random-erasing';
import { RANDOM_MASK_KEYS, randomMask } from './random-mask';
import { SALT_AND_PEPPER_KEYS, saltAndPepper } from './salt-and-pepper';

/** Which augmentations `augment` applies (each optional), as plain JSON-able options without seeds. */
export interface AugmentSpec {
  readonly rotation?: { readonly maxDegrees: number };
  readonly shift?: { readonly maxShift: number };
  readonly erasing?: Omit<RandomErasingOptions, 'seed'>;
  readonly mask?: { readonly rate: number; readonly value?: number };
  readonly saltAndPepper?: { readonly amount: number; readonly saltRatio?: number };
  readonly gaussianNoise?: { readonly std: number; readonly clip?: boolean };
}

/** Each augmentation's option keys (the seed comes from `augment`), by its key in the spec. */
const NESTED: Readonly<Record<string, readonly string[]>> = Object.freeze({
  rotation: RANDOM_ROTATION_KEYS,
  shift: RANDOM_SHIFT_KEYS,
  erasing: RANDOM_ERASING_KEYS,
  mask: RANDOM_MASK_KEYS,
  saltAndPepper: SALT_AND_PEPPER_KEYS,
  gaussianNoise: GAUSSIAN_NOISE_KEYS,
});

/** Checks an augmentation spec's keys and its augmentations' keys eagerly (a typo would otherwise do nothing). */
export function checkAugmentSpec(spec: AugmentSpec): AugmentSpec {
  checkKeys(spec ?? {}, Object.keys(NESTED), 'augment');
  for (const [key, options] of Object.entries(spec ?? {})) {
    if (options != null)
      checkKeys(
        options,
        NESTED[key]!.filter((k) => k !== 'seed'),
        `augment ${key}`,
      );
  }
  return spec;
}

/**
 * Applies the augmentations of `spec` in a fixed order: rotation, shift (geometry), then erasing, mask,
 * salt-and-pepper, gaussian noise (corruption); each gets its own seed derived from `seed`. Pure; returns a
 * new tensor (the input is left alone).
 */
export function augment(x: tf.Tensor4D, spec: AugmentSpec, seed: number): tf.Tensor4D {
  checkBatch(x, 'augment');
  checkAugmentSpec(spec);
  checkSeed('augment', seed);
  const s = (k: number) => mixSeeds(seed, k) | 0;
  return tf.tidy(() => {
    let y = x;
    if (spec.rotation) y = randomRotation(y, { ...spec.rotation, seed: s(1) });
    if (spec.shift) y = randomShift(y, { ...spec.shift, seed: s(2) });
    if (spec.erasing) y = randomErasing(y, { ...spec.erasing, seed: s(3) });
    if (spec.mask) y = randomMask(y, { ...spec.mask, seed: s(4) });
    if (spec.saltAndPepper) y = saltAndPepper(y, { ...spec.saltAndPepper, seed: s(5) });
    if (spec.gaussianNoise) y = gaussianNoise(y, { ...spec.gaussianNoise, seed: s(6) });
    return y === x ? tf.clone(x) : y;
  });
}
