/** Mixes integers into one 32-bit seed (murmur3-style finaliser), so `(seed, step)` pairs give unrelated seeds. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * A small seeded generator (mulberry32) whose whole state is one integer, so checkpoints can store it
 * and a resumed run draws the same numbers as one that never stopped.
 */
export class Rng {
  /** The generator's state; save it, and pass it back to the constructor to continue the sequence. */
  state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, 2^31), handy as a tfjs op seed. */
  nextSeed(): number {
    return Math.floor(this.next() * 2147483648);
  }
}
