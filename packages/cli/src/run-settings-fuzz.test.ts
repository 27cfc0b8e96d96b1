// Property-based fuzzing of the run.json reader behind `aecnn train --resume`: random truncations, byte flips and
// fields set to random values. Each outcome is an error naming the file, or settings that pass every check.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { byteMutations } from '../../../scripts/fuzz-mutations.mjs';
import { readRunSettings } from './run-settings-check';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aecnn-runjson-'));
const FILE = path.join(dir, 'run.json');
let tried = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`fuzz cases tried: {"run.json":${tried}}`);
});

const valid = {
  version: 1,
  model: 'fusion',
  data: 'mnist',
  labels: 100,
  strategy: 'joint',
  denoise: false,
  epochs: 10,
  batchSize: 256,
  lr: 0.003,
  latent: 16,
  seed: 1,
  backend: 'wasm',
  createdAt: '2026-12-06T12:00:00.000Z',
};
const text = new TextEncoder().encode(JSON.stringify(valid, null, 2));

describe('run.json (resume)', () => {
  it('names the file, the field and what was expected', async () => {
    writeFileSync(FILE, JSON.stringify({ ...valid, epochs: 'ten' }));
    await expect(readRunSettings(dir)).rejects.toThrow(
      `${FILE}: field 'epochs' is "ten"; expected a whole number >= 1 (start a new run rather than editing run.json)`,
    );
    writeFileSync(FILE, JSON.stringify({ ...valid, colour: 3 }));
    await expect(readRunSettings(dir)).rejects.toThrow(`${FILE}: unknown field 'colour'`);
    const { model: _m, ...noModel } = valid;
    writeFileSync(FILE, JSON.stringify(noModel));
    await expect(readRunSettings(dir)).rejects.toThrow(`${FILE}: field 'model' is missing`);
    writeFileSync(FILE, JSON.stringify(valid));
    expect(await readRunSettings(dir)).toEqual(valid);
  });

  it('fuzz: gives checked settings or an error naming the file', async () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 1e6 }),
      fc.double(),
      fc.string({ maxLength: 12 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.nat(), { maxLength: 2 }),
    );
    const cases = fc.oneof(
      byteMutations(fc, text, { maxEdits: 4 }) as fc.Arbitrary<Uint8Array>,
      fc
        .tuple(
          fc.constantFrom(...Object.keys(valid), 'size', 'channels', 'testData', 'noise', 'other'),
          value,
        )
        .map(([k, v]) => new TextEncoder().encode(JSON.stringify({ ...valid, [k]: v }))),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (bytes) => {
        tried++;
        writeFileSync(FILE, bytes);
        try {
          const s = await readRunSettings(dir);
          expect(typeof s.model).toBe('string');
          expect(Number.isInteger(s.epochs) && s.epochs >= 1).toBe(true);
        } catch (err) {
          if (!(err as Error).message.startsWith(`${FILE}: `)) throw err;
        }
      }),
      { numRuns: 1500, seed: 5 },
    );
  }, 60_000);
});
