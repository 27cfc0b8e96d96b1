// End to end on small data: `aecnn train --model unet --noise ...`, `--model vae`, `aecnn generate`, and eval of both.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import { decodePng } from '@aecnn/data';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { bufferIo } from '../io';
import type { RunSettings } from '../run-files';
import type { SamplesFile } from '../samples';
import type { PriorFile } from '../vae-prior-file';
import { evalCommand } from './eval';
import { generateCommand } from './generate';
import { readJson, runsFixture } from './test-runs';
import { train } from './train';

const { tmp: TMP, options } = runsFixture('aecnn-unet-vae-', 200);

describe('aecnn train --model unet / vae', () => {
  it('unet denoises with the --noise given: stored in run.json, used for samples, test and eval alike', async () => {
    const s = await train(options('unet', { model: 'unet', noise: 'saltPepper:0.2' }), bufferIo());
    expect(s).toMatchObject({ model: 'unet', denoise: true, labeledSamples: 0, params: 118_945 });
    expect(s.test.accuracy).toBeNull();
    expect(s.test.psnr).toBeGreaterThan(0);
    expect(readJson<SamplesFile>(s.outDir, 'samples.json').vae).toBeUndefined();
    expect(readJson<RunSettings>(s.outDir, 'run.json')).toMatchObject({
      noise: 'saltPepper:0.2',
      denoise: true,
    });
    const samples = readJson<SamplesFile>(s.outDir, 'samples.json');
    // salt and pepper: a fifth of the pixels of the shown inputs are exactly 0 or 1 where the clean one is not
    const { original, corrupted } = samples;
    const changed = corrupted!.data.filter((v, i) => v !== original.data[i]).length;
    expect(changed / original.data.length).toBeGreaterThan(0.05);
    expect(changed / original.data.length).toBeLessThan(0.2);
    // the bottleneck feature map [7, 7, 64] is drawn by its 64 channels' spatial means
    expect(samples.latent.codes.shape).toEqual([200, 64]);
    // eval corrupts its inputs as the run did (same noise, seed and batches: the same number)
    const io = bufferIo();
    const e = await evalCommand({ model: s.outDir, batchSize: 256, json: true }, io);
    expect(e.reconMse).toBeCloseTo(s.test.reconMse!, 6);
  }, 120_000);

  it('a unet without --noise trains on gaussian σ 0.3', async () => {
    const s = await train(options('unet-default', { model: 'unet', limit: 64 }), bufferIo());
    expect(readJson<RunSettings>(s.outDir, 'run.json')).toMatchObject({
      noise: 'gaussian:0.3',
      denoise: true,
    });
  }, 120_000);

  it('vae --latent 2 --beta 0.5 trains, then generate writes a grid of samples; generate refuses a non-VAE run', async () => {
    const s = await train(options('vae', { model: 'vae', latent: 2, beta: 0.5, limit: 128 }), bufferIo());
    expect(s).toMatchObject({ model: 'vae', denoise: false, labeledSamples: 0 });
    expect(readJson<RunSettings>(s.outDir, 'run.json')).toMatchObject({ latent: 2, beta: 0.5 });
    const samples = readJson<SamplesFile>(s.outDir, 'samples.json');
    expect(samples.latent.codes.shape).toEqual([200, 2]);
    // the report's VAE pictures: 16 prior samples, 10 steps from test image 1 to 2, a 10 x 10 latent manifold
    expect(samples.vae?.generated.shape).toEqual([16, 28, 28, 1]);
    expect(samples.vae?.interpolation.shape).toEqual([10, 28, 28, 1]);
    expect(samples.vae?.manifold?.shape).toEqual([100, 28, 28, 1]);
    expect(samples.vae?.generated.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    const manifold = decodePng(readFileSync(path.join(s.outDir, 'manifold.png')));
    expect(manifold.width).toBeGreaterThan(10 * 28);
    expect(manifold.height).toBeGreaterThan(10 * 28);
    expect(readFileSync(path.join(s.outDir, 'report.html'), 'utf8')).toContain('Samples from the prior');
    const before = tf.memory().numTensors;
    const file = path.join(TMP, 'samples.png');
    const io = bufferIo();
    const r = await generateCommand({ model: s.outDir, n: 12, seed: 3, out: file }, io);
    expect(r).toEqual({ file, images: 12 });
    expect(io.stdout).toBe(`${file}\n`);
    const png = decodePng(readFileSync(file));
    expect(png.width).toBeGreaterThan(8 * 28);
    expect(png.height).toBeGreaterThan(2 * 28);
    // the same seed gives the same picture
    const again = path.join(TMP, 'again.png');
    await generateCommand({ model: s.outDir, n: 12, seed: 3, out: again }, bufferIo());
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
    await expect(
      generateCommand(
        { model: path.join(TMP, 'unet'), n: 4, seed: 1, out: path.join(TMP, 'x.png') },
        bufferIo(),
      ),
    ).rejects.toThrow(UsageError);
    await expect(
      generateCommand({ model: s.outDir, n: 4, seed: 1, out: 'x.jpg' }, bufferIo()),
    ).rejects.toThrow('--out x.jpg: expected a .png file name');
    // z from the run's latent mixture by default; N(0, I) on request gives other images
    const prior = readJson<PriorFile>(s.outDir, 'prior.json');
    expect([10, 20, 50, 100]).toContain(prior.components);
    expect(prior.weights).toHaveLength(prior.components);
    expect(prior.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(prior.means[0]).toHaveLength(2);
    expect(prior).toMatchObject({ fittedOn: 116, chosenOn: 12 });
    expect(samples.vae?.mixtureComponents).toBe(prior.components);
    expect(readFileSync(path.join(s.outDir, 'report.html'), 'utf8')).toContain(
      `latent mixture prior (${prior.components} components`,
    );
    expect(io.stderr).toContain(`z from the latent mixture (${prior.components} components)`);
    const normal = path.join(TMP, 'normal.png');
    await generateCommand({ model: s.outDir, n: 12, seed: 3, out: normal, prior: 'normal' }, bufferIo());
    expect(readFileSync(normal).equals(readFileSync(file))).toBe(false);
    // a run folder without prior.json: auto falls back to N(0, I), mixture is refused; a damaged one names the file
    const bare = path.join(TMP, 'vae-bare');
    cpSync(s.outDir, bare, { recursive: true });
    rmSync(path.join(bare, 'prior.json'));
    await generateCommand({ model: bare, n: 12, seed: 3, out: path.join(TMP, 'bare.png') }, bufferIo());
    expect(readFileSync(path.join(TMP, 'bare.png')).equals(readFileSync(normal))).toBe(true);
    await expect(
      generateCommand(
        { model: bare, n: 4, seed: 1, out: path.join(TMP, 'y.png'), prior: 'mixture' },
        bufferIo(),
      ),
    ).rejects.toThrow(/--prior mixture: .*prior\.json not found/);
    writeFileSync(path.join(bare, 'prior.json'), JSON.stringify({ ...prior, means: prior.means.slice(1) }));
    await expect(
      generateCommand({ model: bare, n: 4, seed: 1, out: path.join(TMP, 'y.png') }, bufferIo()),
    ).rejects.toThrow(/prior\.json: the latent mixture means must have \d+ rows/);
    await useBackend('wasm');
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
