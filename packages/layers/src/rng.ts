// The one seeded generator of aecnn (mulberry32) and the one seed mixer, in plain JS so that weights, shuffles
// and augmentations are bit-identical for one seed on every backend and in every JS engine.

/** A seeded generator of uniform floats in [0, 1). */
export type Random = () => number;

/**
 * Mixes integers into one 32-bit seed (murmur3 finaliser), so `(seed, epoch, step)` tuples give unrelated seeds.
 * Each part counts with its low 32 bits and, XORed in, its bits above 32 (so 1 and 2^32 + 1 differ).
 */
export function mixSeeds(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const v of parts) {
    h = Math.imul(h ^ (v | 0) ^ Math.floor(v / 0x100000000), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Mixes a seed with a string (a parameter path) into a new 32-bit seed (FNV-1a, then a murmur finaliser). */
export function deriveSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h ^ (Math.floor(seed / 0x100000000) >>> 0), 0x01000193) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The mulberry32 output for a state that was just advanced. */
function mulberry32(a: number): number {
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const GOLDEN = 0x6d2b79f5;

/** A uniform [0, 1) generator (mulberry32) seeded with a 32-bit integer, used as is (taken mod 2^32). */
export function uniformStream(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + GOLDEN) >>> 0;
    return mulberry32(a);
  };
}

/** A uniform [0, 1) generator for a user's integer seed: mixed first, so that seeds 1 and 2 are unrelated. */
export function seededRandom(seed: number): Random {
  return uniformStream(mixSeeds(seed));
}

/** A standard normal generator (Box-Muller over uniformStream). */
export function normalStream(seed: number): Random {
  const u = uniformStream(seed);
  let spare: number | null = null;
  return () => {
    if (spare != null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - u(); // (0, 1]: log is finite
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/**
 * uniformStream with its whole state in one visible integer, so that checkpoints can store it and a resumed run
 * draws the same numbers as one that never stopped.
 */
export class Rng {
  /** The generator's state; save it, and pass it back to the constructor to continue the sequence. */
  state: number;

  /** Starts the sequence of `seed` (a finite number, taken mod 2^32). */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + GOLDEN) >>> 0;
    return mulberry32(this.state);
  }

  /** An integer in [0, 2^31), handy as a tfjs op seed. */
  nextSeed(): number {
    return Math.floor(this.next() * 2147483648);
  }
}

/** A fresh random 32-bit seed, for builds and calls that were given none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/** Shuffles `array` in place (Fisher-Yates) with `random`; returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  array: T,
  random: Random,
): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = array[i]!;
    array[i] = array[j]!;
    array[j] = t;
  }
  return array;
}

/** A seeded permutation of 0..n-1 (the stream of `seededRandom(seed)`). */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, seededRandom(seed));
}
