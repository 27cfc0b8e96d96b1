import { InvalidArgumentError } from 'commander';

/** Where images come from: the embedded MNIST digits, an IDX folder, a Kaggle-style CSV, or class folders of PNGs. */
export type DataSpec =
  | { readonly kind: 'mnist' }
  | { readonly kind: 'idx'; readonly path: string }
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'images'; readonly path: string };

/** The accepted forms, as shown in help and errors. */
export const DATA_SPEC_FORMS = 'mnist | idx:DIR | csv:FILE | images:DIR';

const PREFIXED = ['idx', 'csv', 'images'] as const;

/** Parses `mnist`, `idx:DIR`, `csv:FILE` or `images:DIR`; anything else gets an error listing the forms. */
export function parseDataSpec(text: string): DataSpec {
  if (text === 'mnist') return { kind: 'mnist' };
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const path = text.slice(colon + 1);
  if ((PREFIXED as readonly string[]).includes(kind) && path !== '') {
    return { kind: kind as (typeof PREFIXED)[number], path };
  }
  throw new InvalidArgumentError(`expected ${DATA_SPEC_FORMS}, got '${text}'.`);
}

/** The spec back as text, for run settings and reports. */
export function formatDataSpec(spec: DataSpec): string {
  return spec.kind === 'mnist' ? 'mnist' : `${spec.kind}:${spec.path}`;
}
