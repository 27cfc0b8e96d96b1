import * as tf from '@tensorflow/tfjs-core';
import { defineMultiModule } from './define-module';
import type { Shape } from './module';
import { checkKeys, formatShape, sameShape, where } from './shape';
import { checkName, type MultiInputSpec, multiInputLayer, type NameOption } from './spec';

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

function elementwise(
  kind: string,
  options: MergeOptions,
  arity: { min: number; max?: number },
  combine: Combine,
): MultiInputSpec<MergeOptions> {
  checkKeys(options, ['name'], kind);
  const name = checkName(options.name, kind);
  const o: MergeOptions = name ? { name } : {};
  return multiInputLayer({
    kind,
    options: o,
    arity,
    outputShape: (shapes) => sameShapes(kind, name ?? '', shapes),
    build: (inputShapes, ctx) =>
      defineMultiModule({
        kind,
        config: { kind, ...o },
        path: ctx.path,
        inputShapes,
        outputShape: sameShapes(kind, ctx.path, inputShapes),
        forward: (xs) => combine([...xs]),
      }),
  });
}

/**
 * Sums two or more inputs of one shape: a residual connection.
 * @example add().apply([x, convBlock({ filters: 16, kernelSize: 3, padding: 'same' }).apply(x)])
 */
export function add(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return elementwise('add', options, { min: 2 }, (xs) => tf.addN(xs));
}

/** The first input minus the second (two inputs of one shape). @example subtract().apply([a, b]) */
export function subtract(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return elementwise('subtract', options, { min: 2, max: 2 }, ([a, b]) => tf.sub(a!, b!));
}

/** Multiplies two or more inputs of one shape element by element (a gate). @example multiply().apply([x, gate]) */
export function multiply(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return elementwise('multiply', options, { min: 2 }, (xs) => xs.reduce((a, b) => tf.mul(a, b)));
}

/** The element-wise mean of two or more inputs of one shape. @example average().apply([a, b]) */
export function average(options: MergeOptions = {}): MultiInputSpec<MergeOptions> {
  return elementwise('average', options, { min: 2 }, (xs) => tf.div(tf.addN(xs), xs.length));
}

function concatShape(path: string, shapes: readonly Shape[], axis: number): Shape {
  const rank = shapes[0]!.length;
  const a = axis < 0 ? rank + 1 + axis : axis; // with the batch as axis 0
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

/**
 * Joins two or more inputs along `axis` (default -1: channels): a U-Net skip connection.
 * [b, 16, 16, 32] and [b, 16, 16, 16] → [b, 16, 16, 48].
 * @example concatenate().apply([upSampling2d({ size: 2 }).apply(deep), skip])
 */
export function concatenate(options: ConcatenateOptions = {}): MultiInputSpec<ConcatenateOptions> {
  checkKeys(options, ['axis', 'name'], 'concatenate');
  const name = checkName(options.name, 'concatenate');
  const axis = options.axis ?? -1;
  if (!Number.isInteger(axis) || axis === 0) {
    throw new Error(
      `concatenate: axis must be a non-zero integer (0 is the batch), got ${JSON.stringify(options.axis)}`,
    );
  }
  const o: ConcatenateOptions = { axis, ...(name ? { name } : {}) };
  return multiInputLayer({
    kind: 'concatenate',
    options: o,
    arity: { min: 2 },
    outputShape: (shapes) => concatShape(name ?? '', shapes, axis),
    build(inputShapes, ctx) {
      const outputShape = concatShape(ctx.path, inputShapes, axis);
      const a = axis < 0 ? inputShapes[0]!.length + 1 + axis : axis;
      return defineMultiModule({
        kind: 'concatenate',
        config: { kind: 'concatenate', ...o },
        path: ctx.path,
        inputShapes,
        outputShape,
        forward: (xs) => tf.concat([...xs], a),
      });
    },
  });
}
