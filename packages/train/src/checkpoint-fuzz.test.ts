// Property-based fuzzing of the checkpoint reader: random truncations, byte flips and header fields changed (the
// header has no checksum of its own). Each outcome is the reader's error naming the file, or a whole checkpoint
// whose arrays match their shapes; never another exception, never a hang.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { byteMutations } from '../../../scripts/fuzz-mutations.mjs';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { sampleCheckpoint as sample } from './test-helpers';

const FILE = '/runs/a/checkpoint/checkpoint.bin';
const RUNS = 2000;
let tried = 0;
afterAll(() => console.log(`fuzz cases tried: {"checkpoint":${tried}}`));

const valid = encodeCheckpoint(sample);
const headStart = valid.indexOf('{'.charCodeAt(0));
const headLength = new DataView(valid.buffer).getUint32(headStart - 4, true);
const header = JSON.parse(new TextDecoder().decode(valid.subarray(headStart, headStart + headLength)));
const body = valid.subarray(Math.ceil((headStart + headLength) / 4) * 4);

/** The checkpoint with header `h` (re-encoded with its length) over the original body. */
function withHeader(h: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const start = Math.ceil((headStart + json.length) / 4) * 4;
  const out = new Uint8Array(start + body.length);
  out.set(valid.subarray(0, headStart - 4));
  new DataView(out.buffer).setUint32(headStart - 4, json.length, true);
  out.set(json, headStart);
  out.set(body, start);
  return out;
}

const field = fc.constantFrom('offset', 'length', 'shape', 'dtype', 'key');
const value = fc.oneof(
  fc.integer({ min: -8, max: 1 << 20 }),
  fc.constant('float32'),
  fc.constant(null),
  fc.array(fc.nat(9), { maxLength: 3 }),
);
const mutations = fc.oneof(
  byteMutations(fc, valid, { maxEdits: 6 }) as fc.Arbitrary<Uint8Array>,
  fc.tuple(fc.nat({ max: header.slots.length - 1 }), field, value).map(([i, f, v]) => {
    const h = structuredClone(header);
    h.slots[i][f] = v;
    return withHeader(h);
  }),
  fc
    .tuple(fc.constantFrom('bodyBytes', 'version', 'slots', 'checksum'), value)
    .map(([f, v]) => withHeader({ ...header, [f]: v })),
);

describe('fuzz: checkpoint reader', () => {
  it('gives a whole checkpoint or an error naming the file', () => {
    fc.assert(
      fc.property(mutations, (bytes) => {
        tried++;
        const t0 = performance.now();
        try {
          const c = decodeCheckpoint(bytes, FILE);
          for (const w of Object.values(c.weights))
            expect(w.values.length).toBe(w.shape.reduce((a, b) => a * b, 1));
        } catch (err) {
          const m = (err as Error).message;
          if (!m.startsWith(`${FILE}: `) || !m.endsWith('the file is not a complete aecnn checkpoint'))
            throw err;
        }
        expect(performance.now() - t0).toBeLessThan(2000);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
});
