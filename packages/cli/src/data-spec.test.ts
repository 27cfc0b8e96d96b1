import { describe, expect, it } from 'vitest';
import { formatDataSpec, parseDataSpec } from './data-spec';

describe('data specs', () => {
  it.each(['mnist', 'idx:/data/mnist', 'csv:train.csv', 'images:digits', 'idx:C:/data'])(
    'round-trips %s',
    (text) => {
      expect(formatDataSpec(parseDataSpec(text))).toBe(text);
    },
  );

  it('keeps everything after the first colon as the path', () => {
    expect(parseDataSpec('idx:C:/data')).toEqual({ kind: 'idx', path: 'C:/data' });
  });

  it.each(['', 'MNIST', 'idx', 'idx:', 'png:dir', ':dir', 'mnist:x'])(
    'rejects %j and lists the forms',
    (text) => {
      expect(() => parseDataSpec(text)).toThrow(
        `expected mnist | idx:DIR | csv:FILE | images:DIR, got '${text}'.`,
      );
    },
  );
});
