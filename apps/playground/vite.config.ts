import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { bundleReport } from './build/bundle-report';
import { staticAssets } from './build/static-assets';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // Relative base: the built page works from any folder of a static host.
  base: './',
  plugins: [staticAssets(root), bundleReport()],
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, reportCompressedSize: true },
  // NOTE: tfjs-backend-wasm's emscripten glue is CommonJS-flavoured; pre-bundling keeps `vite` dev happy.
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
  worker: { format: 'es' },
});
