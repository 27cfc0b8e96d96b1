import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build';
import { dense } from './dense';
import { loadModule, saveModule } from './io';
import { fileHandler } from './node';
import { sequential } from './sequential';
import { backend } from './testing/setup';

const root = mkdtempSync(path.join(tmpdir(), 'aecnn-untrusted-'));
beforeAll(() => backend('cpu'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A saved two-layer model in a fresh folder; returns the folder and its model.json as an object. */
async function saved(name: string) {
  const dir = path.join(root, name);
  const m = build(sequential([dense({ units: 4, name: 'hidden' }), dense({ units: 2, name: 'out' })]), [3], {
    seed: 1,
  });
  await saveModule(m, fileHandler(dir));
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  return { dir, json, file: path.join(dir, 'model.json') };
}

describe('fileHandler on a model folder from someone else', () => {
  it('refuses weights paths outside the folder, absolute paths and URLs, naming the path', async () => {
    const { dir, json, file } = await saved('paths');
    writeFileSync(path.join(root, 'secret.bin'), new Uint8Array(1000));
    for (const [p, why] of [
      ['../secret.bin', 'outside its folder'],
      [path.join(root, 'secret.bin'), 'an absolute path'],
      ['http://example.invalid/w.bin', 'a URL'],
      ['sub/../../secret.bin', 'outside its folder'],
    ]) {
      json.weightsManifest[0].paths = [p];
      writeFileSync(file, JSON.stringify(json));
      await expect(loadModule(fileHandler(dir))).rejects.toThrow(
        `fileHandler: ${file} lists weights path ${JSON.stringify(p)}, ${why}; expected a file name beside it`,
      );
    }
  });

  it('refuses absurd shapes and unknown dtypes before reading, and a short weights file naming the weight', async () => {
    const { dir, json, file } = await saved('sizes');
    const good = JSON.stringify(json);
    json.weightsManifest[0].weights[0].shape = [2 ** 20, 2 ** 20];
    writeFileSync(file, JSON.stringify(json));
    await expect(loadModule(fileHandler(dir))).rejects.toThrow(
      /weight 'hidden\/kernel' of shape \[1048576,1048576\] has 1099511627776 elements, more than 2\^31; refusing it/,
    );
    const bad = JSON.parse(good);
    bad.weightsManifest[0].weights[1].dtype = 'complex64';
    writeFileSync(file, JSON.stringify(bad));
    await expect(loadModule(fileHandler(dir))).rejects.toThrow(
      /weight 'hidden\/bias' has dtype "complex64"; expected one of float32/,
    );
    writeFileSync(file, good);
    truncateSync(path.join(dir, 'weights.bin'), 60); // kernel 48 bytes + bias 16: the bias is cut
    await expect(loadModule(fileHandler(dir))).rejects.toThrow(
      `fileHandler: ${file}: the weight data has 60 bytes, but the manifest describes 104; weight 'hidden/bias' [4] (bytes 48-64) is cut off (a truncated weights file?)`,
    );
  });
});
