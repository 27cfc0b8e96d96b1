// The byte mutations of the readers' property-based fuzz tests, shared by every package's fuzz test.
// From a test: import { byteMutations } from '../../../scripts/fuzz-mutations.mjs'

/**
 * A fast-check arbitrary of mutations of `valid` (bytes): a truncation, up to `maxEdits` bytes set to random
 * values, or a random slice of up to `maxInsert` bytes inserted. `fc` is the caller's fast-check.
 */
export function byteMutations(fc, valid, { maxEdits = 8, maxInsert = 64 } = {}) {
  const n = valid.length;
  const at = fc.nat({ max: Math.max(n - 1, 0) });
  return fc.oneof(
    fc.nat({ max: n }).map((k) => valid.slice(0, k)),
    fc
      .array(fc.tuple(at, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: maxEdits })
      .map((edits) => {
        const b = valid.slice();
        for (const [i, v] of edits) b[i] = v;
        return b;
      }),
    fc.tuple(fc.nat({ max: n }), fc.uint8Array({ minLength: 1, maxLength: maxInsert })).map(([i, extra]) => {
      const b = new Uint8Array(n + extra.length);
      b.set(valid.subarray(0, i));
      b.set(extra, i);
      b.set(valid.subarray(i), i + extra.length);
      return b;
    }),
  );
}
