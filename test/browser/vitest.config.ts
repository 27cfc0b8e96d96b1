import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser test is not part of `pnpm test`: its files end in .e2e.ts and only this config includes them.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['**/*.e2e.ts'], testTimeout: 240_000, hookTimeout: 120_000, fileParallelism: false },
});
