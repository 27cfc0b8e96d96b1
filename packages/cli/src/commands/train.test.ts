import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mnist } from '@aecnn/data/node';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import type { MetricsFile } from '../run-files';
import type { SamplesFile } from '../samples';
import { resume } from './resume';
import { readJson, runsFixture } from './test-runs';
import { train } from './train';

const { tmp: TMP, options } = runsFixture('aecnn-train-', 300);

describe('train() in-process', () => {
  it('cnn with 20 labels trains on the labeled images only, has no reconstruction and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const io = bufferIo();
    const s = await train(options('cnn', { model: 'cnn', labels: 20, limit: 100 }), io);
    expect(tf.memory().numTensors).toBe(before);
    expect(s).toMatchObject({ model: 'cnn', trainSamples: 100, labeledSamples: 20, epochs: 1 });
    expect(s.test.reconMse).toBeNull();
    expect(s.test.psnr).toBeNull();
    expect(s.test.accuracy).toBeGreaterThanOrEqual(0);
    // Without --json, stdout holds readable lines and the logs went to stderr.
    expect(io.stdout).toContain('cnn on wasm: 1 epochs, 100 train images (20 labeled)');
    expect(io.stdout).toMatch(/test \(idx:.*, 300 images\): accuracy \d+\.\d\d%\n/);
    expect(io.stderr).toContain('epoch 1/1');
    const samples = readJson<SamplesFile>(s.outDir, 'samples.json');
    expect(samples.reconstruction).toBeUndefined();
    expect(samples.predictions).toHaveLength(16);
  }, 60_000);

  it('pretrain runs an autoencoder phase and then a classifier phase', async () => {
    const s = await train(options('pretrain', { strategy: 'pretrain', epochs: 2, labels: 30 }), bufferIo());
    const metrics = readJson<MetricsFile>(s.outDir, 'metrics.json');
    expect(metrics.history.map((h) => h.phase)).toEqual(['pretrain', 'classifier']);
    expect(metrics.history[0]).toHaveProperty('mse');
    expect(metrics.history[1]).toHaveProperty('accuracy');
    expect(s).toMatchObject({ strategy: 'pretrain', labeledSamples: 30, epochs: 2 });
    expect(s.test.accuracy).not.toBeNull();
    expect(s.test.reconMse).not.toBeNull();
  }, 60_000);

  it('a denoising autoencoder prints only JSON, reports no accuracy and keeps the corrupted inputs', async () => {
    const io = bufferIo();
    const s = await train(options('dae', { model: 'autoencoder', denoise: true, latent: 8, json: true }), io);
    expect(JSON.parse(io.stdout)).toEqual(s);
    expect(s).toMatchObject({ model: 'autoencoder', denoise: true, labeledSamples: 0 });
    expect(s.test.accuracy).toBeNull();
    expect(s.test.perClassAccuracy).toBeNull();
    expect(s.test.reconMse).toBeGreaterThan(0);
    const samples = readJson<SamplesFile>(s.outDir, 'samples.json');
    expect(samples.corrupted?.shape).toEqual([16, 28, 28, 1]);
    expect(samples.latent.codes.shape).toEqual([300, 8]);
    expect(existsSync(path.join(s.outDir, 'confusion.png'))).toBe(false);
    expect(readFileSync(path.join(s.outDir, 'report.html'), 'utf8')).toContain('corrupted');
  }, 60_000);

  it('checks option combinations before touching the disk', async () => {
    const out = path.join(TMP, 'never');
    await expect(train(options('never', { model: 'autoencoder', labels: 5 }), bufferIo())).rejects.toThrow(
      '--labels 5: the autoencoder model has no classifier',
    );
    await expect(train(options('never', { strategy: 'pretrain', epochs: 1 }), bufferIo())).rejects.toThrow(
      '--strategy pretrain needs --epochs 2 or more',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('trains on a Kaggle-style CSV and holds out 20% of it', async () => {
    const { train: digits } = await mnist();
    const d = digits.take(150);
    const rows = [`label,${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}`];
    for (let i = 0; i < d.size; i++) rows.push(`${d.label(i)},${Array.from(d.image(i)).join(',')}`);
    const csv = path.join(TMP, 'digits.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const s = await train(
      options('csv', { data: { kind: 'csv', path: csv }, testData: undefined }),
      bufferIo(),
    );
    expect(s).toMatchObject({ data: `csv:${csv}`, testData: `csv:${csv} (held-out 20%)`, trainSamples: 120 });
    expect(s.test.n).toBe(30);
  }, 60_000);

  it('a label that skips classes is an error naming file and line; --classes says how many there are', async () => {
    const { train: digits } = await mnist();
    const d = digits.take(150);
    const rows = Array.from(
      { length: d.size },
      (_, i) => `${i === 40 ? 200 : d.label(i)},${Array.from(d.image(i)).join(',')}`,
    );
    const csv = path.join(TMP, 'label-200.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const run = (extra: object) =>
      train(
        options(`classes-${Object.keys(extra).length}`, {
          data: { kind: 'csv', path: csv },
          testData: undefined,
          ...extra,
        }),
        bufferIo(),
      );
    await expect(run({})).rejects.toThrow(
      `${csv}: line 41: label 200 makes 201 classes, but 190 of them (10 first) have no image (11 distinct labels, largest 200); labels must be 0..K-1 with every class present, or give the class count (numClasses; --classes N in the aecnn CLI)`,
    );
    await expect(run({ classes: 10 })).rejects.toThrow(`${csv}: line 41: label 200 is out of range [0, 10)`);
    await expect(train(options('classes-mnist', { classes: 12 }), bufferIo())).rejects.toThrow(
      '--classes 12: --data mnist has 10 classes; drop --classes',
    );
  });

  it('leaves no run behind when the data cannot be loaded', async () => {
    const out = path.join(TMP, 'nodata');
    const missing = path.join(TMP, 'missing');
    await expect(
      train(options('nodata', { data: { kind: 'idx', path: missing } }), bufferIo()),
    ).rejects.toThrow(`${missing}: no such directory`);
    expect(existsSync(path.join(out, 'run.json'))).toBe(false);
  });

  it('says when --labels asks for more labels than images', async () => {
    await expect(train(options('labels', { labels: 500 }), bufferIo())).rejects.toThrow(
      '--labels 500: only 200 training images are available',
    );
  });

  it('--out or --resume at a file is a clear error, not a raw ENOTDIR', async () => {
    const file = path.join(TMP, 'a-file');
    writeFileSync(file, 'x');
    await expect(train(options('x', { out: file }), bufferIo())).rejects.toThrow(
      `--out ${file} is a file, or inside one; expected a folder for the run`,
    );
    await expect(resume({ dir: file, json: true }, bufferIo())).rejects.toThrow(
      `${file} is a file, or inside one; expected a run folder of 'aecnn train' (needed to resume).`,
    );
  });

  it('--lr 100 stops on the diverging loss and leaves no run behind, so --out can be used again', async () => {
    const o = options('diverged', { model: 'cnn', lr: 100 });
    await expect(train(o, bufferIo())).rejects.toThrow(
      /fit: the loss diverged at step \d+ \(epoch 0, batch \d+\)/,
    );
    expect(existsSync(o.out!)).toBe(false);
    const s = await train({ ...o, lr: 1e-3 }, bufferIo());
    expect(s.outDir).toBe(o.out);
  }, 60_000);
});
