import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, memoryStore } from './checkpoint';
import { sampleCheckpoint as sample } from './test-helpers';

describe('checkpoint encoding', () => {
  it('round-trips every field and every array bit for bit', () => {
    const back = decodeCheckpoint(encodeCheckpoint(sample));
    expect(back).toEqual(sample);
    expect(back.weights['encoder/dense/kernel']!.values[5]).toBe(Math.fround(Math.PI));
  });

  it('decodes from an unaligned view of a larger buffer', () => {
    const bytes = encodeCheckpoint(sample);
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(decodeCheckpoint(big.subarray(3))).toEqual(sample);
  });

  it('rejects truncated, corrupted and foreign bytes with a clear reason', () => {
    const bytes = encodeCheckpoint(sample);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(
      /expected \d+ bytes, got \d+ \(truncated\?\)/,
    );
    const flipped = bytes.slice();
    flipped[flipped.length - 1]! ^= 1;
    expect(() => decodeCheckpoint(flipped)).toThrow(/checksum mismatch/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not": "a checkpoint"}'))).toThrow(
      /expected magic 'AECNNCK1'/,
    );
  });

  it('memoryStore keeps a copy of the last save', async () => {
    const store = memoryStore();
    expect(await store.load()).toBeUndefined();
    const b = new Uint8Array([1, 2]);
    await store.save(b);
    b[0] = 9;
    expect(Array.from((await store.load())!)).toEqual([1, 2]);
  });
});
