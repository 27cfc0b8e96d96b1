import * as tf from '@tensorflow/tfjs-core';
import { type Arity, defineLayer } from './custom-layer';
import type { Shape } from './module';
import { formatShape, sameShape, where } from './shape';
import type { MultiInputSpec, NameOption } from './spec';

/** Options of `add`, `subtract`, `multiply` and `average`. */
export interface MergeOptions extends NameOption {}

/** Options of `concatenate`. */
export interface ConcatenateOptions extends NameOption {
  /** Axis counted with the batch as 0, as Keras does; negative counts from the end. Default -1 (channels). */
  axis?: number;
}

type Combine = (xs: tf.Tensor[]) => tf.Tensor;

function sameShapes(kind: string, path: string, shapes: readonly Shape[]): Shape {
  const first = shapes[0]!;
  shapes.forEach((s, i) => {
    if (!sameShape(s, first)) {
      throw new Error(
        `${where(kind, path)}: inputs ${formatShape(first)} and ${formatShape(s)} differ (input 0 and ${i}); ` +
          `${kind} needs equal shapes (cropping2d or zeroPadding2d can fix a U-Net level)`,
      );
    }
  });
  return first;
}

function elementwise(kind: string, inputs: Arity, combine: Combine) {
  return defineLayer<MergeOptions>({
    kind,
    inputs,
    outputShape: (shapes, _o, path) => sameShapes(kind, path, shapes),
    forward: (_params, xs) => combine([...xs]),
  });
}

const addLayer = elementwise('add', { min: 2 }, (xs) => tf.addN(xs));
const subtractLayer = elementwise('subtract', 2, ([a, b]) => tf.sub(a!, b!));
const multiplyLayer = elementwise('multiply', { min: 2 }, (xs) => xs.reduce((a, b) => tf.mul(a, b)));
const averageLayer = elementwise('average', { min: 2 }, (xs) => tf.div(tf.addN(xs), xs.length));

/**
 * Sums two or more inputs of one shape: a residual connection.
 * @example add().apply([x, convBlock({ filters: 16, kernelSize: 3, padding: 'same' }).apply(x)])
 */
export function add(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return addLayer(options);
}

/** The first input minus the second (two inputs of one shape). @example subtract().apply([a, b]) */
export function subtract(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return subtractLayer(options);
}

/** Multiplies two or more inputs of one shape element by element (a gate). @example multiply().apply([x, gate]) */
export function multiply(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return multiplyLayer(options);
}

/** The element-wise mean of two or more inputs of one shape. @example average().apply([a, b]) */
export function average(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return averageLayer(options);
}

/** The concatenation axis counted with the batch as 0, for inputs of `rank` (no batch). */
const batchAxis = (axis: number, rank: number): number => (axis < 0 ? rank + 1 + axis : axis);

function concatShape(path: string, shapes: readonly Shape[], axis: number): Shape {
  const rank = shapes[0]!.length;
  const a = batchAxis(axis, rank);
  if (!(a >= 1 && a <= rank)) {
    throw new Error(
      `${where('concatenate', path)}: axis ${axis} is outside inputs of rank ${rank + 1} (batch included); use 1..${rank} or -1`,
    );
  }
  const first = shapes[0]!;
  shapes.forEach((s, i) => {
    const bad = s.length !== rank ? -1 : s.findIndex((d, j) => j !== a - 1 && d !== first[j]);
    if (s.length !== rank || bad >= 0) {
      const on = s.length !== rank ? `in rank (${rank + 1} and ${s.length + 1})` : `on axis ${bad + 1}`;
      throw new Error(
        `${where('concatenate', path)}: inputs ${formatShape(first)} and ${formatShape(s)} differ ${on} ` +
          `(input 0 and ${i}); only axis ${a} may differ`,
      );
    }
  });
  return first.map((d, j) => (j === a - 1 ? shapes.reduce((n, s) => n + s[j]!, 0) : d));
}

const concatenateLayer = defineLayer<ConcatenateOptions, { axis: number }>({
  kind: 'concatenate',
  inputs: { min: 2 },
  options: ['axis'],
  check: (o) => {
    const axis = o.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new Error(
        `concatenate: axis must be a non-zero integer (0 is the batch), got ${JSON.stringify(o.axis)}`,
      );
    }
    return { axis };
  },
  outputShape: (shapes, { axis }, path) => concatShape(path, shapes, axis),
  forward: (_params, xs, { axis }, { inputShapes }) =>
    tf.concat([...xs], batchAxis(axis, inputShapes[0]!.length)),
});

/**
 * Joins two or more inputs along `axis` (default -1: channels): a U-Net skip connection.
 * [b, 16, 16, 32] and [b, 16, 16, 16] → [b, 16, 16, 48].
 * @example concatenate().apply([upSampling2d({ size: 2 }).apply(deep), skip])
 */
export function concatenate(options: ConcatenateOptions = {}): MultiInputSpec<ConcatenateOptions> {
  return concatenateLayer(options);
}
