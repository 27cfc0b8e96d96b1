/** A seeded generator of uniform floats in [0, 1). */
export type Random = () => number;

/** Mixes integers into one 32-bit seed (murmur3 finaliser), so `(seed, epoch)` pairs give unrelated streams. */
export function mixSeeds(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0) ^ Math.floor(v / 0x100000000), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for shuffles and augmentation parameters (not for cryptography). */
export function seededRandom(seed: number): Random {
  let a = mixSeeds(seed) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/** A seeded permutation of 0..n-1. */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, seededRandom(seed));
}

/** Checks that `seed` is a finite integer (seeds that are fractions would silently collide after `| 0`). */
export function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new Error(`${where}: seed must be an integer, got ${String(seed)}`);
  }
  return seed;
}
