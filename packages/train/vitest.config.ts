import { defineConfig } from 'vitest/config';

// NOTE: tests assert values, not speed; a generous limit keeps them green on a loaded 2-core machine.
export default defineConfig({ test: { testTimeout: 30_000 } });
