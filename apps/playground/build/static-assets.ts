import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { idxImages, idxLabels } from './idx';
import { readMnistPackage } from './mnist-digits';

/** Where the page fetches the embedded digits and the wasm binaries (URL paths under the page's base). */
export const ASSETS = {
  images: 'digits/mnist-10k-images-idx3-ubyte.gz',
  labels: 'digits/mnist-10k-labels-idx1-ubyte.gz',
  wasmDir: 'wasm/',
} as const;

// NOTE: the threaded binary is left out: it needs cross-origin isolation (COOP/COEP), which a plain static host lacks.
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

function writeAtomic(file: string, bytes: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/** Writes the gzipped IDX digits and the tfjs wasm binaries into `dir` (skipping files already there). */
export function writeStaticAssets(dir: string): void {
  const images = path.join(dir, ASSETS.images);
  const labels = path.join(dir, ASSETS.labels);
  if (!existsSync(images) || !existsSync(labels)) {
    const digits = readMnistPackage();
    writeAtomic(images, gzipSync(idxImages(digits.images, digits.count, 28, 28), { level: 9 }));
    writeAtomic(labels, gzipSync(idxLabels(digits.labels), { level: 9 }));
  }
  const require = createRequire(import.meta.url);
  const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  mkdirSync(path.join(dir, ASSETS.wasmDir), { recursive: true });
  for (const name of WASM_FILES) {
    const to = path.join(dir, ASSETS.wasmDir, name);
    if (!existsSync(to)) copyFileSync(path.join(wasmDist, 'dist', name), to);
  }
}

/**
 * Vite plugin: generates the page's static assets (embedded digits, wasm binaries) into a generated public
 * folder, so that `vite` (dev), `vite build` and `vite preview` all serve them from the page's own origin.
 */
export function staticAssets(root: string): Plugin {
  const publicDir = path.join(root, 'generated', 'public');
  return {
    name: 'aecnn-static-assets',
    config() {
      writeStaticAssets(publicDir);
      return { publicDir };
    },
  };
}
