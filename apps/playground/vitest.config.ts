import { defineConfig } from 'vitest/config';

// NOTE: a config of its own, so that unit tests do not load vite.config.ts and its build-time asset plugin.
export default defineConfig({ test: { include: ['src/**/*.test.ts', 'build/**/*.test.ts'] } });
