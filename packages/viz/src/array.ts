import type { Tensor } from '@tensorflow/tfjs-core';

/** A dense row-major array with its shape: what every picture accepts besides a tensor. */
export interface NdArray {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Anything a picture accepts as numbers: a tfjs tensor, `{ data, shape }`, or nested number arrays. */
export type ArrayInput =
  | Tensor
  | NdArray
  | readonly number[]
  | readonly (readonly number[])[]
  | NestedNumbers;

/** Nested plain arrays of any depth (e.g. number[][][] for a batch of grayscale images). */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** A normalised array: contiguous Float32 data and a concrete shape. */
export interface Dense {
  data: Float32Array;
  shape: number[];
}

function isTensorLike(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && typeof (x as Tensor).dataSync === 'function';
}

function isNdArray(x: unknown): x is NdArray {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    Array.isArray((x as NdArray).shape) &&
    (x as NdArray).data !== undefined
  );
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `${x.constructor.name} (pass { data, shape } so the shape is known)`;
  return typeof x === 'object' ? `object with keys [${Object.keys(x as object).join(', ')}]` : typeof x;
}

function nestedShape(x: NestedNumbers, where: string): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  if (shape.includes(0)) throw new Error(`${where}: got an empty nested array (shape [${shape.join(', ')}])`);
  return shape;
}

function flattenNested(x: NestedNumbers, shape: number[], where: string): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (v: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof v !== 'number')
        throw new Error(`${where}: expected a number at ${path}, got ${describe(v)}`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(
        `${where}: ragged nested array at ${path}: expected an array of length ${shape[depth]}, got ${describe(v)}`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(x, 0, '');
  return out;
}

/** Reads a tensor, `{ data, shape }` or nested arrays into Float32 data plus shape; `where` names the caller in errors. */
export function toDense(x: ArrayInput, where: string): Dense {
  if (isTensorLike(x)) {
    return { data: Float32Array.from(x.dataSync() as ArrayLike<number>), shape: [...x.shape] };
  }
  if (isNdArray(x)) {
    const shape = [...x.shape];
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`${where}: shape must hold non-negative integers, got [${shape.join(', ')}]`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (x.data.length !== size) {
      throw new Error(
        `${where}: data has ${x.data.length} values but shape [${shape.join(', ')}] needs ${size}`,
      );
    }
    return { data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data), shape };
  }
  if (Array.isArray(x)) {
    const shape = nestedShape(x as NestedNumbers, where);
    return { data: flattenNested(x as NestedNumbers, shape, where), shape };
  }
  throw new Error(`${where}: expected a tensor, { data, shape } or nested number arrays, got ${describe(x)}`);
}

/** Checks the rank of a dense array, naming the accepted layouts in the error. */
export function expectRank(a: Dense, ranks: readonly number[], where: string, layouts: string): void {
  if (!ranks.includes(a.shape.length)) {
    throw new Error(`${where}: expected ${layouts}, got shape [${a.shape.join(', ')}]`);
  }
}

/** Reads a 1-D list of numbers (labels, predictions, a metric series) from an array, typed array or tensor. */
export function toNumbers(x: ArrayInput | ArrayLike<number>, where: string): number[] {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  const d = toDense(x as ArrayInput, where);
  if (d.shape.length > 1 && d.shape.slice(1).some((s) => s !== 1)) {
    throw new Error(`${where}: expected a 1-D list of numbers, got shape [${d.shape.join(', ')}]`);
  }
  return Array.from(d.data);
}
