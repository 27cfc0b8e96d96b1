import type { BatchSource } from './batch';

/** A source that can be cut into its first rows and the rest: tensorSource, a `@aecnn/data` Dataset. */
export interface SplittableSource extends BatchSource {
  take(n: number): BatchSource;
  skip(n: number): BatchSource;
}

/**
 * Holds out the last `fraction` of `data`'s rows for validation, as Keras does: the first
 * floor(size * (1 - fraction)) rows train, the rest validate (before any shuffling).
 */
export function splitValidation(
  data: BatchSource,
  fraction: unknown,
  hasValidationData: boolean,
): { train: BatchSource; validation: BatchSource } {
  if (hasValidationData) {
    throw new Error('fit: give validationSplit or validationData, not both');
  }
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new Error(`fit: validationSplit must be a number in (0, 1), got ${String(fraction)}`);
  }
  const s = data as Partial<SplittableSource>;
  if (typeof s.take !== 'function' || typeof s.skip !== 'function') {
    throw new Error(
      'fit: validationSplit needs a source with take(n) and skip(n) (tensorSource or a @aecnn/data Dataset); this one has none, so pass validationData instead',
    );
  }
  const at = Math.floor(data.size * (1 - fraction));
  if (at < 1 || at >= data.size) {
    throw new Error(
      `fit: validationSplit ${fraction} of ${data.size} images leaves ${at} for training and ${data.size - at} for validation; both need at least one`,
    );
  }
  return { train: s.take(at), validation: s.skip(at) };
}
