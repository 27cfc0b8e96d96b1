// A small seeded generator in plain JS, so that weights are bit-identical for one seed on every backend.

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

/** A uniform [0, 1) generator (mulberry32) seeded with a 32-bit integer. */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal generator (Box-Muller over uniformStream). */
export function normalStream(seed: number): () => number {
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

/** A fresh random 32-bit seed, for builds and calls that were given none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}
