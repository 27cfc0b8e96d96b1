import { normalStream, uniformStream } from './rng';

/** Names of the weight initializers. */
export type InitializerName = 'glorotUniform' | 'heNormal' | 'zeros' | 'ones';

/** Fills a Float32Array for a parameter of `shape` from a 32-bit seed. */
export type Initializer = (shape: readonly number[], seed: number) => Float32Array;

/** Keras's fans: for a conv kernel [kh, kw, in, out] the receptive field multiplies both. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape.at(-2)! * receptive, fanOut: shape.at(-1)! * receptive };
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)). */
export const glorotUniform: Initializer = (shape, seed) => {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const u = uniformStream(seed);
  const out = new Float32Array(size(shape));
  for (let i = 0; i < out.length; i++) out[i] = (2 * u() - 1) * limit;
  return out;
};

/** He normal: normal truncated at 2 sigma with stddev sqrt(2 / fanIn), as Keras does. */
export const heNormal: Initializer = (shape, seed) => {
  // NOTE: 0.8796... is the stddev of a unit normal truncated at +-2; dividing by it keeps the variance 2/fanIn.
  const std = Math.sqrt(2 / fans(shape).fanIn) / 0.8796256610342398;
  const n = normalStream(seed);
  const out = new Float32Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    let z = n();
    while (Math.abs(z) > 2) z = n();
    out[i] = z * std;
  }
  return out;
};

/** All zeros. */
export const zeros: Initializer = (shape) => new Float32Array(size(shape));

/** All ones. */
export const ones: Initializer = (shape) => new Float32Array(size(shape)).fill(1);

/** The initializers by name. */
export const initializers: Readonly<Record<InitializerName, Initializer>> = Object.freeze({
  glorotUniform,
  heNormal,
  zeros,
  ones,
});

/** Names accepted by `kernelInitializer` options. */
export const INITIALIZER_NAMES = Object.keys(initializers) as InitializerName[];
