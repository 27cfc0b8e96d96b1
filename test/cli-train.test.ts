// End to end through the built `aecnn` binary: a short training run writes a complete run folder and a JSON
// summary; `aecnn eval` reloads the saved model and gets the same test accuracy; `aecnn report` rewrites the
// report from the saved files. Needs `pnpm build` first.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import '@aecnn/backends/chained-ops';
import { useBackend } from '@aecnn/backends';
import { loadWeights, type ModelConfig } from '@aecnn/layers';
import { fileHandler } from '@aecnn/layers/node';
import { buildModel } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { EvalResult, TrainSummary } from 'aecnn';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aecnn, isPng, json, type Run, readJson } from './cli-helpers';

/** The model `aecnn train` saved in RUN, rebuilt from its config with its weights, on cpu. */
async function runModel() {
  await useBackend('cpu');
  const saved = readJson<{ userDefinedMetadata: { aecnn: { modelConfig: ModelConfig } } }>(RUN, 'model.json');
  const model = buildModel(saved.userDefinedMetadata.aecnn.modelConfig);
  await loadWeights(model.modules, fileHandler(RUN));
  return model;
}

const TMP = mkdtempSync(path.join(os.tmpdir(), 'aecnn-cli-'));
const RUN = path.join(TMP, 'run');

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('aecnn train --epochs 1 (400 images)', { timeout: 60_000 }, () => {
  let run: Run;
  let summary: TrainSummary;

  beforeAll(async () => {
    run = await aecnn('train', '--epochs', '1', '--limit', '400', '--seed', '3', '--out', RUN, '--json');
    summary = json<TrainSummary>(run);
  }, 120_000);

  it('exits 0 and prints nothing but the JSON summary on stdout', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(run.stderr).toContain('epoch 1/1');
  });

  it('summarises the run', () => {
    expect(summary).toMatchObject({
      model: 'fusion',
      backend: 'wasm',
      epochs: 1,
      trainSamples: 400,
      labeledSamples: 400,
      params: 114283,
      outDir: RUN,
      data: 'mnist',
    });
    expect(summary.samplesPerSecond).toBeGreaterThan(0);
    expect(summary.test.n).toBe(2000);
    // One epoch on 400 images: far from trained, but well above chance (10%).
    expect(summary.test.accuracy).toBeGreaterThan(0.15);
    expect(summary.test.accuracy).toBeLessThanOrEqual(1);
    expect(summary.test.reconMse).toBeGreaterThan(0);
    expect(summary.test.reconMse).toBeLessThan(0.3);
    expect(summary.test.psnr).toBeGreaterThan(3);
  });

  it('writes a complete run folder', () => {
    for (const f of [
      'run.json',
      'metrics.json',
      'samples.json',
      'model.json',
      'weights.bin',
      'report.html',
    ]) {
      expect(existsSync(path.join(RUN, f)), f).toBe(true);
    }
    expect(statSync(path.join(RUN, 'checkpoint', 'checkpoint.bin')).size).toBeGreaterThan(114283 * 4);
    // Adam keeps two moments per weight, so the checkpoint is about three times the weights.
    expect(statSync(path.join(RUN, 'weights.bin')).size).toBe(114283 * 4);
    for (const png of ['reconstructions.png', 'curves.png', 'accuracy.png', 'confusion.png', 'latent.png']) {
      expect(isPng(path.join(RUN, png)), png).toBe(true);
    }
    const metrics = readJson<{ history: unknown[]; test: { confusionMatrix: number[][] }; summary: unknown }>(
      RUN,
      'metrics.json',
    );
    expect(metrics.summary).toEqual(summary);
    expect(metrics.history).toHaveLength(1);
    const cm = metrics.test.confusionMatrix;
    expect(cm).toHaveLength(10);
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    const diagonal = cm.reduce((a, row, i) => a + row[i]!, 0);
    expect(diagonal / 2000).toBeCloseTo(summary.test.accuracy!, 10);
    const settings = readJson(RUN, 'run.json');
    expect(settings).toMatchObject({ model: 'fusion', epochs: 1, limit: 400, seed: 3, data: 'mnist' });
  });

  it('writes a self-contained report with the pictures inline', () => {
    const html = readFileSync(path.join(RUN, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const id of ['settings', 'test', 'curves', 'samples', 'confusion', 'latent', 'filters']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/src="https?:/);
  });

  it('aecnn eval reloads the saved model and measures the same test accuracy', async () => {
    const ev = await aecnn('eval', '--model', RUN, '--json');
    expect(ev.code, ev.stderr).toBe(0);
    const r = json<EvalResult>(ev);
    expect(r.n).toBe(2000);
    expect(r.accuracy).toBeCloseTo(summary.test.accuracy!, 10);
    expect(r.reconMse).toBeCloseTo(summary.test.reconMse!, 6);
    expect(r.psnr).toBeCloseTo(summary.test.psnr!, 4);
    expect(r.perClassAccuracy).toHaveLength(10);
    expect(r.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(2000);
  }, 60_000);

  it('aecnn eval without --json prints accuracy, per-class accuracy, MSE and PSNR', async () => {
    const ev = await aecnn('eval', '--model', RUN, '--data', 'mnist');
    expect(ev.code, ev.stderr).toBe(0);
    expect(ev.stdout).toMatch(/accuracy \d+\.\d\d%/);
    expect(ev.stdout).toMatch(/per class: 0 \d+\.\d%/);
    expect(ev.stdout).toMatch(/reconstruction MSE 0\.\d+, PSNR \d+\.\d\d dB/);
  }, 60_000);

  it('aecnn report rewrites report.html and the pictures from the saved files', async () => {
    rmSync(path.join(RUN, 'report.html'));
    rmSync(path.join(RUN, 'latent.png'));
    const rep = await aecnn('report', RUN);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout.trim()).toBe(path.join(RUN, 'report.html'));
    expect(readFileSync(path.join(RUN, 'report.html'), 'utf8')).toContain('id="latent"');
    expect(isPng(path.join(RUN, 'latent.png'))).toBe(true);
  }, 60_000);

  it('aecnn export writes a TF.js Layers model that tfjs-layers runs with the same outputs', async () => {
    const out = path.join(TMP, 'layers-model');
    const r = await aecnn('export', '--model', RUN, '--out', out, '--outputs', 'reconstruction,logits');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(out, 'model.json'));
    expect(r.stderr).toContain('outputs: reconstruction, logits');
    const bad = await aecnn('export', '--model', RUN, '--out', path.join(TMP, 'bad'), '--outputs', 'logit');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "--outputs: unknown output 'logit'; this graph has latent, reconstruction, logits",
    );
    const model = await runModel();
    const peer = await tfl.loadLayersModel(fileHandler(out));
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 9);
    const ours = model.forward(x, { training: false });
    const [recon, logits] = peer.predict(x) as tf.Tensor[];
    const gap = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    expect(gap(ours.reconstruction!, recon!)).toBeLessThan(1e-5);
    expect(gap(ours.logits!, logits!)).toBeLessThan(1e-5);
  });

  it('aecnn export --format onnx writes model.onnx that onnxruntime runs with the same outputs', async () => {
    const out = path.join(TMP, 'onnx-model');
    const r = await aecnn('export', '--model', RUN, '--format', 'onnx', '--out', out, '--softmax');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(out, 'model.onnx'));
    expect(r.stderr).toContain('outputs: latent, reconstruction, probabilities) as an ONNX model');
    const model = await runModel();
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 9);
    const ours = model.forward(x, { training: false });
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(readFileSync(path.join(out, 'model.onnx')));
    const got = await session.run({
      image: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape),
    });
    await session.release();
    const gap = (a: tf.Tensor, b: ort.Tensor) =>
      tf.max(tf.abs(tf.sub(a, tf.tensor(b.data as Float32Array, b.dims as number[])))).dataSync()[0]!;
    expect(gap(ours.reconstruction!, got.reconstruction!)).toBeLessThanOrEqual(1e-4);
    expect(gap(tf.softmax(ours.logits!), got.probabilities!)).toBeLessThanOrEqual(1e-5);
  });

  it('aecnn export refuses a folder holding a model or a run unless --force, and a misplaced --opset', async () => {
    const out = path.join(TMP, 'onnx-model');
    const again = await aecnn('export', '--model', RUN, '--format', 'onnx', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `--out ${out} already holds a model (model.onnx); choose another folder, or add --force`,
    );
    const forced = await aecnn(
      'export',
      '--model',
      RUN,
      '--format',
      'onnx',
      '--out',
      out,
      '--force',
      '--opset',
      '13',
    );
    expect(forced.code, forced.stderr).toBe(0);
    const onRun = await aecnn('export', '--model', RUN, '--out', RUN);
    expect(onRun.code).toBe(2);
    expect(onRun.stderr).toContain('already holds a training run (run.json, model.json, weights.bin');
    expect(statSync(path.join(RUN, 'model.json')).size).toBeGreaterThan(0);
    const opset = await aecnn('export', '--model', RUN, '--out', path.join(TMP, 'x'), '--opset', '17');
    expect(opset.code).toBe(2);
    expect(opset.stderr).toContain('--opset applies to --format onnx only');
    const range = await aecnn(
      'export',
      '--model',
      RUN,
      '--format',
      'onnx',
      '--out',
      path.join(TMP, 'x'),
      '--opset',
      '12',
    );
    expect(range.stderr).toContain("expected a whole number from 13 to 21, got '12'");
  });

  it('refuses to overwrite a run folder and points to --resume', async () => {
    const again = await aecnn('train', '--epochs', '1', '--limit', '100', '--out', RUN);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--out ${RUN} already holds a run; continue it with --resume ${RUN}`);
  });

  it('two runs started at once into one new --out: one writes it, the other exits 2 naming the first', async () => {
    const out = path.join(TMP, 'race');
    const runs = await Promise.all(
      [1, 2].map((seed) =>
        aecnn('train', '--epochs', '1', '--limit', '100', '--seed', String(seed), '--out', out),
      ),
    );
    const codes = runs.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2]);
    const loser = runs.find((r) => r.code === 2)!;
    // Whichever claims first writes; the other is refused by the lock, or (if it started late) by run.json.
    expect(loser.stderr).toMatch(
      new RegExp(`${out} (is being written by another aecnn train \\(pid \\d+|already holds a run)`),
    );
    const winner = runs.findIndex((r) => r.code === 0) + 1;
    expect(readJson<{ seed: number }>(out, 'run.json').seed).toBe(winner);
    expect(existsSync(path.join(out, '.aecnn-lock'))).toBe(false);
  }, 120_000);

  it('eval and report name a folder that is not a run', async () => {
    const ev = await aecnn('eval', '--model', TMP);
    expect(ev.code).toBe(1);
    expect(ev.stderr).toContain(`${path.join(TMP, 'model.json')}: not found`);
    const rep = await aecnn('report', TMP);
    expect(rep.code).toBe(1);
    expect(rep.stderr).toContain("does not look like a run folder of 'aecnn train'");
  });
});

describe('aecnn option errors', { timeout: 60_000 }, () => {
  it.each([
    [
      ['train', '--epochs', '0'],
      "option '--epochs <n>' argument '0' is invalid. expected a whole number >= 1",
    ],
    [['train', '--model', 'vgg'], 'Allowed choices are fusion, autoencoder, cnn, article-fusion'],
    [['train', '--data', 'mnist.csv'], 'expected mnist | idx:DIR | csv:FILE | images:DIR'],
    [['train', '--bogus'], "unknown option '--bogus'"],
    [['train', '--model', 'cnn', '--denoise'], '--denoise needs a model that reconstructs images'],
    [['benchmark'], "unknown command 'benchmark'"],
  ])('%j exits 2 and says what is accepted', async (args, message) => {
    const r = await aecnn(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('a missing data folder is a clear runtime error (exit 1)', async () => {
    const r = await aecnn(
      'train',
      '--data',
      `idx:${path.join(TMP, 'nowhere')}`,
      '--out',
      path.join(TMP, 'x'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(TMP, 'nowhere')}: no such directory`);
    // Nothing was started, so nothing is left to --resume.
    expect(existsSync(path.join(TMP, 'x', 'run.json'))).toBe(false);
  });
});
