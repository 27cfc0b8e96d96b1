import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import type { RunSettings } from '../run-files';
import { resume } from './resume';
import { readJson, runsFixture } from './test-runs';
import { train } from './train';

const { tmp: TMP, options } = runsFixture('aecnn-resume-', 200);

describe('train --resume: no silent restarts', () => {
  it('run.json records the backend; a finished run without a checkpoint is refused, its model kept', async () => {
    const s = await train(options('finished', { backend: 'cpu', limit: 100 }), bufferIo());
    expect(readJson<RunSettings>(s.outDir, 'run.json').backend).toBe('cpu');
    rmSync(path.join(s.outDir, 'checkpoint'), { recursive: true, force: true });
    const model = readFileSync(path.join(s.outDir, 'weights.bin'));
    await expect(resume({ dir: s.outDir, json: true }, bufferIo())).rejects.toThrow(
      `${s.outDir} holds a finished run (model.json, weights.bin, metrics.json) and no checkpoint to resume from`,
    );
    expect(readFileSync(path.join(s.outDir, 'weights.bin')).equals(model)).toBe(true);
  }, 60_000);

  it('a run with neither checkpoint nor outputs starts at epoch 1 on its backend, saying so, and drops stale temp files', async () => {
    const first = await train(options('source', { backend: 'cpu', limit: 100 }), bufferIo());
    const dir = path.join(TMP, 'unstarted');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'run.json'), readFileSync(path.join(first.outDir, 'run.json')));
    writeFileSync(path.join(dir, 'metrics.json.tmp-123-abcd'), '{"half":');
    const io = bufferIo();
    const s = await resume({ dir, json: true }, io);
    expect(io.stderr).toContain(`no checkpoint in ${dir} yet; starting at epoch 1`);
    expect(io.stderr).toContain('resuming on cpu, the backend the run started on');
    expect(io.stderr).toContain(
      'removed 1 temporary file(s) left by an interrupted write: metrics.json.tmp-123-abcd',
    );
    expect(existsSync(path.join(dir, 'metrics.json.tmp-123-abcd'))).toBe(false);
    expect(s).toMatchObject({ epochs: 1, backend: 'cpu' });
    expect(s.test.accuracy).toBeCloseTo(first.test.accuracy!, 6); // same seed, same backend: the same run
  }, 60_000);
});
