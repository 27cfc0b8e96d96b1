// Shared set-up of the in-process train tests (not exported): a temporary folder, held-out digits as t10k files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { mnist, writeIdxDataset } from '@aecnn/data/node';
import { afterAll, beforeAll } from 'vitest';
import { TRAIN_DEFAULTS, type TrainOptions } from '../train-options';

/** A test suite's run folders and the train options that write into them. */
export interface RunsFixture {
  /** The suite's temporary folder (removed after the suite). */
  readonly tmp: string;
  /** The folder of the t10k IDX files of the test digits. */
  readonly testIdx: string;
  /** Options of a 1-epoch run on 200 embedded digits into `<tmp>/<name>`, tested on the t10k files. */
  options(name: string, o: Partial<TrainOptions>): TrainOptions;
}

/** Registers hooks that start wasm and write `testImages` held-out digits as t10k files, so evaluation stays quick. */
export function runsFixture(prefix: string, testImages: number): RunsFixture {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const testIdx = path.join(tmp, 'idx');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  beforeAll(async () => {
    await useBackend('wasm');
    const { test } = await mnist();
    mkdirSync(testIdx);
    await writeIdxDataset(test.take(testImages), {
      images: path.join(testIdx, 't10k-images-idx3-ubyte'),
      labels: path.join(testIdx, 't10k-labels-idx1-ubyte'),
    });
  });
  return {
    tmp,
    testIdx,
    options: (name, o) => ({
      ...TRAIN_DEFAULTS,
      data: { kind: 'mnist' },
      testData: { kind: 'idx', path: testIdx },
      epochs: 1,
      limit: 200,
      out: path.join(tmp, name),
      ...o,
    }),
  };
}

/** Parses a JSON file of a run folder. */
export const readJson = <T>(dir: string, file: string): T =>
  JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
