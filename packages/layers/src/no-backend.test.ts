// In a fresh Node process with no TensorFlow.js backend registered: entry points say what to do.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE = path.resolve(import.meta.dirname, '..');

describe('no backend', () => {
  it('build and loadModule name the missing backend and the call that fixes it', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        import { build, dense, loadModule } from './dist/index.js';
        try { build(dense({ units: 2 }), [3]); } catch (e) { console.log(e.message); }
        try { await loadModule('file:///nowhere/model.json'); } catch (e) { console.log(e.message); }
        `,
      ],
      { cwd: PACKAGE, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const fix =
      "no TensorFlow.js backend is active; call await useBackend('wasm') (or 'cpu', 'webgl', ...) from @aecnn/backends first";
    expect(r.stdout.trim().split('\n')).toEqual([`build: ${fix}`, `loadModule: ${fix}`]);
  });
});
