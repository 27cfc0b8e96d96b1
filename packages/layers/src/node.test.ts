import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { convBlock } from './conv-block';
import { dense } from './dense';
import { flatten } from './flatten';
import { loadModule, saveModule } from './io';
import { fileHandler, registerFileScheme } from './node';
import { sequential } from './sequential';
import { backend } from './testing/setup';

const dir = mkdtempSync(path.join(tmpdir(), 'aecnn-layers-'));
beforeAll(() => backend('cpu'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const net = () =>
  sequential([
    convBlock({ filters: 4, kernelSize: 3, norm: 'batch', pool: 2 }),
    flatten(),
    dense({ units: 3, name: 'out' }),
  ]);

describe('fileHandler (Node)', () => {
  it('writes model.json + weights.bin and loads identical outputs', async () => {
    const m = build(net(), [8, 8, 1], { seed: 5 });
    const x = tf.randomNormal([2, 8, 8, 1]);
    m.apply(x, { training: true });
    const out = path.join(dir, 'nested', 'run1');
    await saveModule(m, fileHandler(out), { metadata: { note: 'hi' } });
    expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']); // no temporary files left
    const json = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.format).toBe('aecnn-layers');
    const { module, metadata } = await loadModule(fileHandler(out));
    expect(metadata).toEqual({ note: 'hi' });
    expect(Array.from(module.apply(x, { training: false }).dataSync())).toEqual(
      Array.from(m.apply(x, { training: false }).dataSync()),
    );
  });

  it('understands file:// URLs once registered, and .json paths', async () => {
    registerFileScheme();
    registerFileScheme();
    const m = build(dense({ units: 2 }), [3], { seed: 1 });
    await saveModule(m, `file://${path.join(dir, 'url')}`);
    const { module } = await loadModule(`file://${path.join(dir, 'url', 'model.json')}`);
    expect(Array.from(module.params.kernel!.dataSync())).toEqual(Array.from(m.params.kernel!.dataSync()));
    await saveModule(m, fileHandler(path.join(dir, 'flat', 'ckpt.json')));
    expect(readdirSync(path.join(dir, 'flat')).sort()).toEqual(['ckpt.json', 'ckpt.weights.bin']);
  });

  it('explains missing files and mis-shaped weights in a file', async () => {
    await expect(loadModule(fileHandler(path.join(dir, 'absent')))).rejects.toThrow(
      `fileHandler: model file ${path.join(dir, 'absent', 'model.json')} does not exist`,
    );
    const m = build(dense({ units: 2, name: 'fc' }), [3], { seed: 1 });
    const out = path.join(dir, 'edited');
    await saveModule(m, fileHandler(out));
    const file = path.join(out, 'model.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.weightsManifest[0].weights[0].shape = [2, 3];
    writeFileSync(file, JSON.stringify(json));
    await expect(loadModule(fileHandler(out))).rejects.toThrow(
      `setWeights from ${file}: 1 problem(s):\n  weight 'kernel': expected [3, 2] float32, got [2, 3] float32`,
    );
    rmSync(path.join(out, 'weights.bin'));
    await expect(loadModule(fileHandler(out))).rejects.toThrow(
      /weights file listed in .*model.json, .*weights.bin does not exist/,
    );
  });
});
