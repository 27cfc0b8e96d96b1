import { defineConfig } from 'vitest/config';

// NOTE: isolate false reuses one tfjs import per worker instead of one per file (4x faster here); every test
// file picks its backend in beforeAll and checks leaks relative to its own start, so files do not interfere.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], isolate: false, testTimeout: 30_000 } });
