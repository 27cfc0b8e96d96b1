import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { measureBundle, summarize } from './bundle-report';

describe('measureBundle', () => {
  const code = (n: number) => 'x'.repeat(n);
  const bundle = {
    'entry.js': {
      type: 'chunk' as const,
      fileName: 'entry.js',
      isEntry: true,
      imports: ['shared.js'],
      code: code(100),
    },
    'shared.js': { type: 'chunk' as const, fileName: 'shared.js', imports: [], code: code(50) },
    'lazy.js': { type: 'chunk' as const, fileName: 'lazy.js', imports: ['shared.js'], code: code(1000) },
    'style.css': { type: 'asset' as const, fileName: 'style.css' },
  };

  it('counts every JS chunk, and as initial only the entry and its static imports', () => {
    const r = measureBundle(bundle);
    expect(r.js).toEqual({
      files: 3,
      bytes: 1150,
      gzip: [100, 50, 1000].reduce((s, n) => s + gzipSync(code(n)).length, 0),
    });
    expect(r.initial.files).toBe(2);
    expect(r.initial.bytes).toBe(150);
  });

  it('prints one line with the totals', () => {
    const line = summarize({ ...measureBundle(bundle), assets: { 'a.gz': 2000, 'b.wasm': 500 } });
    expect(line).toMatch(
      /^playground bundle: JS 1\.1 kB \(.* gzip\) in 3 files, 0\.1 kB .* at start, .*assets 2\.5 kB/,
    );
    expect(line).not.toContain('\n');
  });
});
