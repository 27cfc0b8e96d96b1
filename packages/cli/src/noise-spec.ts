import { NOISE_KINDS, type NoiseSpec, resolveNoise } from '@aecnn/train';
import { InvalidArgumentError } from 'commander';

/** The forms `--noise` accepts, for help and errors. */
export const NOISE_SPEC_FORMS = 'gaussian[:STD], saltPepper[:RATE] or mask[:RATE]';

/** Parses `--noise KIND[:LEVEL]` (gaussian:0.5, saltPepper:0.1, mask:0.25) into the trainer's noise spec. */
export function parseNoiseSpec(text: string): NoiseSpec {
  const [kind, level, ...extra] = text.split(':');
  if (!(NOISE_KINDS as readonly string[]).includes(kind!) || extra.length > 0 || level === '') {
    throw new InvalidArgumentError(`expected ${NOISE_SPEC_FORMS}, got '${text}'.`);
  }
  const value = level === undefined ? undefined : Number(level);
  const spec = (
    kind === 'gaussian'
      ? { kind, ...(value === undefined ? {} : { std: value }) }
      : { kind, ...(value === undefined ? {} : { rate: value }) }
  ) as NoiseSpec;
  try {
    return resolveNoise(spec);
  } catch (err) {
    throw new InvalidArgumentError(`'${text}': ${(err as Error).message.replace(/^noise: /, '')}.`);
  }
}

/** The text form of a resolved noise spec, as run.json stores it (`gaussian:0.3`). */
export function formatNoiseSpec(spec: NoiseSpec): string {
  const r = resolveNoise(spec);
  return `${r.kind}:${r.kind === 'gaussian' ? r.std : r.rate}`;
}

/** The input corruption of a run: its `noise`, gaussian σ 0.3 for a plain `denoise`, none otherwise. */
export function runNoise(s: { readonly denoise: boolean; readonly noise?: string }): NoiseSpec | undefined {
  if (s.noise !== undefined) return parseNoiseSpec(s.noise);
  return s.denoise ? resolveNoise(undefined) : undefined;
}
