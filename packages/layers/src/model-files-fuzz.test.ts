// Property-based fuzzing of the model reader (fileHandler + loadModule): random truncations, byte flips and
// inserted bytes in model.json and in weights.bin, and manifest fields changed. Each outcome is an error whose
// message names the model file, or a loaded module with the saved output shape; never another exception, never a
// hang.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteMutations } from '../../../scripts/fuzz-mutations.mjs';
import { build } from './build';
import { dense } from './dense';
import { loadModule, saveModule } from './io';
import { fileHandler } from './node';
import { sequential } from './sequential';
import { backend } from './testing/setup';

const dir = mkdtempSync(path.join(tmpdir(), 'aecnn-model-fuzz-'));
const JSON_FILE = path.join(dir, 'model.json');
const WEIGHTS = path.join(dir, 'weights.bin');
let tried = 0;
beforeAll(() => backend('cpu'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`fuzz cases tried: {"model.json+weights":${tried}}`);
});

describe('fuzz: model.json + weights.bin', () => {
  it('gives the saved module or an error naming the model file', async () => {
    const m = build(
      sequential([dense({ units: 4, activation: 'relu', name: 'hidden' }), dense({ units: 2, name: 'out' })]),
      [3],
      { seed: 1 },
    );
    await saveModule(m, fileHandler(dir));
    const json = new Uint8Array(readFileSync(JSON_FILE));
    const weights = new Uint8Array(readFileSync(WEIGHTS));
    const manifest = JSON.parse(new TextDecoder().decode(json));
    const value = fc.oneof(
      fc.integer({ min: -2, max: 2 ** 40 }),
      fc.string({ maxLength: 8 }),
      fc.constant(null),
      fc.array(fc.integer({ min: -1, max: 1 << 22 }), { maxLength: 3 }),
    );
    const field = fc
      .tuple(fc.nat({ max: 3 }), fc.constantFrom('name', 'shape', 'dtype'), value)
      .map(([i, f, v]) => {
        const copy = structuredClone(manifest);
        copy.weightsManifest[0].weights[i][f] = v;
        return { json: new TextEncoder().encode(JSON.stringify(copy)), weights };
      });
    const cases = fc.oneof(
      (byteMutations(fc, json, { maxEdits: 6, maxInsert: 16 }) as fc.Arbitrary<Uint8Array>).map((j) => ({
        json: j,
        weights,
      })),
      (byteMutations(fc, weights, { maxEdits: 6, maxInsert: 16 }) as fc.Arbitrary<Uint8Array>).map((w) => ({
        json,
        weights: w,
      })),
      field,
    );
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        tried++;
        writeFileSync(JSON_FILE, c.json);
        writeFileSync(WEIGHTS, c.weights);
        const t0 = performance.now();
        try {
          const back = await loadModule(fileHandler(dir));
          expect(back.module.outputShape).toEqual([2]);
        } catch (err) {
          if (!(err as Error).message.includes(JSON_FILE)) throw err;
        }
        expect(performance.now() - t0).toBeLessThan(2000);
      }),
      { numRuns: 1000, seed: 3 },
    );
  }, 120_000);
});
