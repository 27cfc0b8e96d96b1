import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Sizes in bytes of what the built page serves. */
export interface BundleReport {
  /** Every JS file: raw and gzipped. */
  js: { files: number; bytes: number; gzip: number };
  /** JS the page loads before it runs (the entry and its static imports). */
  initial: { files: number; bytes: number; gzip: number };
  /** Static assets (embedded digits, wasm binaries) by file. */
  assets: Record<string, number>;
}

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/** Sums the JS of a bundle: all of it, and what the entry loads at start (following static imports). */
export function measureBundle(bundle: Record<string, ChunkLike>): Pick<BundleReport, 'js' | 'initial'> {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk' && c.code !== undefined);
  const size = new Map(
    chunks.map((c) => [c.fileName, { bytes: Buffer.byteLength(c.code!), gzip: gzipSync(c.code!).length }]),
  );
  const sum = (names: Iterable<string>) => {
    const out = { files: 0, bytes: 0, gzip: 0 };
    for (const n of names) {
      const s = size.get(n);
      if (!s) continue;
      out.files++;
      out.bytes += s.bytes;
      out.gzip += s.gzip;
    }
    return out;
  };
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const i of bundle[name]?.imports ?? []) visit(i);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  return { js: sum(size.keys()), initial: sum(initial) };
}

/** One line for the build log. */
export function summarize(r: BundleReport): string {
  const assets = Object.values(r.assets).reduce((a, b) => a + b, 0);
  return (
    `playground bundle: JS ${kB(r.js.bytes)} (${kB(r.js.gzip)} gzip) in ${r.js.files} files, ` +
    `${kB(r.initial.bytes)} (${kB(r.initial.gzip)} gzip) at start, backends loaded on demand; ` +
    `static assets ${kB(assets)} (digits + wasm)`
  );
}

/**
 * Vite plugin: after the build, prints a one-line summary of the page's weight and writes it to
 * `dist/bundle-report.json` (read by the browser test).
 */
export function bundleReport(): Plugin {
  let outDir = 'dist';
  let publicDir = '';
  let report: Pick<BundleReport, 'js' | 'initial'> | null = null;
  return {
    name: 'aecnn-bundle-report',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      report = measureBundle(bundle as unknown as Record<string, ChunkLike>);
    },
    closeBundle() {
      if (!report) return;
      const assets: Record<string, number> = {};
      for (const rel of ['digits/mnist-10k-images-idx3-ubyte.gz', 'digits/mnist-10k-labels-idx1-ubyte.gz']) {
        assets[rel] = statSync(path.join(publicDir, rel)).size;
      }
      for (const wasm of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
        assets[`wasm/${wasm}`] = statSync(path.join(publicDir, 'wasm', wasm)).size;
      }
      const full: BundleReport = { ...report, assets };
      mkdirSync(outDir, { recursive: true });
      const file = path.join(outDir, 'bundle-report.json');
      writeFileSync(`${file}.tmp`, `${JSON.stringify(full, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
      console.log(summarize(full));
    },
  };
}
