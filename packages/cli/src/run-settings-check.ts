import path from 'node:path';
import { checkLearningRate } from '@aecnn/train';
import { parseDataSpec } from './data-spec';
import { parseNoiseSpec } from './noise-spec';
import { sizeOf } from './parse-number';
import type { RunSettings } from './run-files';
import { RUN_FILES, readRunJson } from './run-folder';
import { BACKEND_NAMES, MODEL_NAMES, STRATEGIES } from './train-options';

type Check = (v: unknown) => string | undefined;

const wholeAtLeast =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min ? undefined : `a whole number >= ${min}`;
const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v) ? undefined : `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
const parses =
  (parse: (text: string) => unknown, what: string): Check =>
  (v) => {
    if (typeof v !== 'string') return what;
    try {
      parse(v);
      return undefined;
    } catch {
      return what;
    }
  };
const learningRate: Check = (v) => {
  try {
    checkLearningRate(v);
    return undefined;
  } catch {
    return 'a number > 0';
  }
};
const nonNegative: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'a number >= 0';

/** Each field of run.json and what it must be; `true` marks the required ones. */
const FIELDS = {
  version: [oneOf([1]), true],
  model: [oneOf(MODEL_NAMES), true],
  data: [parses(parseDataSpec, 'a data source such as mnist or idx:DIR'), true],
  testData: [parses(parseDataSpec, 'a data source such as idx:DIR'), false],
  labels: [wholeAtLeast(1), false],
  strategy: [oneOf(STRATEGIES), true],
  denoise: [oneOf([true, false]), true],
  noise: [parses(parseNoiseSpec, 'a noise spec such as gaussian:0.3'), false],
  epochs: [wholeAtLeast(1), true],
  batchSize: [wholeAtLeast(1), true],
  lr: [learningRate, true],
  latent: [wholeAtLeast(1), false],
  beta: [nonNegative, false],
  seed: [wholeAtLeast(0), true],
  limit: [wholeAtLeast(1), false],
  classes: [wholeAtLeast(2), false],
  channels: [oneOf([1, 3]), false],
  size: [parses(sizeOf, 'a size HxW such as 32x32'), false],
  backend: [oneOf(BACKEND_NAMES), false],
  createdAt: [(v) => (typeof v === 'string' ? undefined : 'a date (ISO text)'), true],
} as const satisfies Readonly<Record<keyof RunSettings, readonly [Check, boolean]>>;

/**
 * Reads and checks a run folder's run.json (for `--resume`): every field of the right type and range, no unknown
 * ones. A file edited by hand or damaged gets an error naming the file, the field and what was expected.
 */
export async function readRunSettings(dir: string): Promise<RunSettings> {
  const file = path.join(dir, RUN_FILES.settings);
  const s = await readRunJson<unknown>(dir, RUN_FILES.settings, 'needed to resume');
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    throw new Error(
      `${file}: expected a JSON object of run settings, got ${JSON.stringify(s)?.slice(0, 40)}`,
    );
  }
  const o = s as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(key in FIELDS))
      throw new Error(`${file}: unknown field '${key}'; this is not a run.json of aecnn train`);
  }
  for (const [key, [check, required]] of Object.entries(FIELDS)) {
    if (o[key] === undefined) {
      if (required) throw new Error(`${file}: field '${key}' is missing`);
      continue;
    }
    const expected = check(o[key]);
    if (expected) {
      throw new Error(
        `${file}: field '${key}' is ${JSON.stringify(o[key])?.slice(0, 60)}; expected ${expected} (start a new run rather than editing run.json)`,
      );
    }
  }
  return o as unknown as RunSettings;
}
