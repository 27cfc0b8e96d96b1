import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PadPrediction,
  PlaygroundHook,
  TrainReport,
  TrainSettings,
} from '../../apps/playground/src/hook';
import { type Browser, launchChromium } from './chromium';
import { type Served, serveStatic } from './serve';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', '..', 'apps', 'playground', 'dist');
const shots = path.join(here, 'test-results');

let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];
let webglLosses: number[] = [];
const requests: string[] = [];

type HookWindow = Window & {
  aecnnPlayground: PlaygroundHook;
  padResult?: Promise<PadPrediction>;
  longRun?: Promise<TrainReport>;
};

/** Trains in the page through its hook (the same path as the Train button). */
function train(settings: Partial<TrainSettings>): Promise<TrainReport> {
  return page.evaluate((s) => (window as unknown as HookWindow).aecnnPlayground.train(s), settings);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Asserts that the loss fell: the mean of the last quarter of batches is below that of the first quarter. */
function expectLossToFall(report: TrainReport): void {
  const q = Math.max(2, Math.floor(report.losses.length / 4));
  const first = mean(report.losses.slice(0, q));
  const last = mean(report.losses.slice(-q));
  expect(report.losses.every(Number.isFinite)).toBe(true);
  expect(last, `losses ${report.losses.map((l) => l.toFixed(3))}`).toBeLessThan(first * 0.9);
}

// A small fusion model trains a few batches in a few seconds even on software WebGL.
const QUICK: Partial<TrainSettings> = {
  model: 'fusion',
  size: 'small',
  labels: 8000,
  epochs: 1,
  batchSize: 32,
  learningRate: 0.003,
  maxBatches: 24,
};

beforeAll(async () => {
  const ortDist = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
  served = await serveStatic(dist, { '/ort/': ortDist });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(`${e.message}\n${e.stack}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(served.url);
  await page.waitForFunction(() => 'aecnnPlayground' in window, undefined, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.ready);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('playground in Chromium', () => {
  it('starts on webgl (SwiftShader) and shows it', async () => {
    expect(await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.getBackend())).toBe(
      'webgl',
    );
    await expect.poll(() => page.textContent('#backend-info')).toMatch(/^webgl WebGL [12]/);
    expect(await page.textContent('#status')).toMatch(/8000 training and 2000 test digits loaded/);
  });

  it('trains a fusion model on webgl and the loss falls', async () => {
    const report = await train(QUICK);
    webglLosses = report.losses;
    expect(report.backend).toBe('webgl');
    expect(report.batches).toBe(24);
    expect(report.losses).toHaveLength(24);
    expectLossToFall(report);
    // 24 batches of a fusion model already beat chance (10%) clearly on 500 held-out digits.
    expect(report.final.accuracy).toBeGreaterThan(0.3);
    expect(report.final.mse).toBeLessThan(0.1);
    expect(await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.getBackend())).toBe(
      'webgl',
    );
    expect(await page.textContent('#status')).toMatch(/^done: 24 batches .* on webgl .* test accuracy/);
    expect(await page.textContent('#model-summary')).toMatch(/encoder/);
    // The confusion matrix of the final test: 10 x 10 cells with counts that add up to the 500 test digits.
    const cells = await page.$$eval('#confusion svg text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(cells.length).toBeGreaterThan(100);
  });

  it('predicts a digit drawn on the pad with the mouse', async () => {
    await page.evaluate(() => {
      const w = window as unknown as HookWindow;
      w.padResult = w.aecnnPlayground.padPrediction();
    });
    const box = (await page.locator('canvas.pad').boundingBox())!;
    // A "7": a bar across the top, then a diagonal down to the lower left.
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    await page.mouse.move(...at(0.3, 0.25));
    await page.mouse.down();
    for (const [fx, fy] of [
      [0.5, 0.25],
      [0.7, 0.25],
      [0.6, 0.5],
      [0.5, 0.75],
    ] as const) {
      await page.mouse.move(...at(fx, fy), { steps: 8 });
    }
    await page.mouse.up();
    const p = await page.evaluate(() => (window as unknown as HookWindow).padResult!);
    expect(p.label).toBeGreaterThanOrEqual(0);
    expect(p.label).toBeLessThanOrEqual(9);
    expect(p.probs).toHaveLength(10);
    expect(mean(p.probs) * 10).toBeCloseTo(1, 4);
    // The drawing reached the model: ink in the 28x28 input, centred like MNIST.
    expect(p.input.filter((v) => v > 0.5).length).toBeGreaterThan(20);
    expect(await page.textContent('#pad-prediction')).toBe(String(p.label));
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'playground-webgl.png'), fullPage: true });
  });

  it('saves the model to IndexedDB and loads it back with the same prediction', async () => {
    const paths = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.save('indexeddb://aecnn-e2e'),
    );
    expect(paths).toContain('encoder/conv1/kernel');
    expect(paths.some((p) => p.startsWith('decoder/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('classifier/'))).toBe(true);
    const before = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    const kind = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.load('indexeddb://aecnn-e2e'),
    );
    expect(kind).toBe('fusion');
    const after = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    expect(after.label).toBe(before.label);
    for (const [k, p] of after.probs.entries()) expect(p).toBeCloseTo(before.probs[k]!, 4);
  });

  it('downloads the model and loads the downloaded files back', async () => {
    const downloads: Promise<import('playwright-core').Download>[] = [
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json')),
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.bin')),
    ];
    await page.click('#download');
    const files: string[] = [];
    for (const d of await Promise.all(downloads)) {
      const file = path.join(shots, d.suggestedFilename());
      await d.saveAs(file);
      files.push(file);
    }
    const manifest = JSON.parse(readFileSync(files[0]!, 'utf8'));
    expect(manifest.userDefinedMetadata.model).toMatchObject({ kind: 'graph', name: 'fusion' });
    // NOTE: "saved" is written after the downloads start; wait for it so that it cannot overwrite "loaded".
    await expect
      .poll(() => page.textContent('#store-status'), { timeout: 15_000 })
      .toMatch(/^saved the fusion/);
    await page.setInputFiles('#upload', files);
    await expect
      .poll(() => page.textContent('#store-status'), { timeout: 30_000 })
      .toMatch(/^loaded a fusion model from .*\.json$/);
  });

  it('exports the model as ONNX that onnxruntime-web in the page classifies the same way', async () => {
    const r = await page.evaluate(async (base) => {
      const probe = await (window as unknown as HookWindow).aecnnPlayground.onnx();
      // NOTE: import() through Function, which vitest's transform of this callback leaves alone; the test server
      // mounts onnxruntime-web's dist at /ort/.
      const load = new Function('url', 'return import(url)') as (
        url: string,
      ) => Promise<typeof import('onnxruntime-web')>;
      const ort = await load(`${base}ort/ort.wasm.min.mjs`);
      ort.env.wasm.wasmPaths = `${base}ort/`;
      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(probe.bytes);
      const image = new ort.Tensor('float32', Float32Array.from(probe.images), [10, 28, 28, 1]);
      const out = await session.run({ image });
      const p = out.probabilities!.data as Float32Array;
      const rows = Array.from({ length: 10 }, (_, i) => Array.from(p.subarray(i * 10, i * 10 + 10)));
      await session.release();
      return {
        ours: probe.classes,
        theirs: rows.map((row) => row.indexOf(Math.max(...row))),
        sums: rows.map((row) => row.reduce((a, b) => a + b, 0)),
        outputs: Object.keys(out),
      };
    }, served.url);
    expect(r.outputs).toEqual(['latent', 'reconstruction', 'probabilities']);
    expect(r.ours).toHaveLength(10);
    expect(r.theirs).toEqual(r.ours);
    for (const s of r.sums) expect(s).toBeCloseTo(1, 5);
    // The Download ONNX button saves the same kind of file.
    const download = page.waitForEvent('download', (d) => d.suggestedFilename() === 'aecnn-playground.onnx');
    await page.click('#download-onnx');
    const file = path.join(shots, 'aecnn-playground.onnx');
    await (await download).saveAs(file);
    expect(readFileSync(file).length).toBeGreaterThan(100_000);
    await expect
      .poll(() => page.textContent('#store-status'), { timeout: 15_000 })
      .toMatch(/^downloaded the fusion model as ONNX/);
  });

  it('runs the same training on wasm in the page', async () => {
    const info = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.setBackend('wasm'),
    );
    expect(info.name).toBe('wasm');
    // aecnn's SIMD kernels instantiate on the page's wasm memory too (they fall back to ops where they cannot)
    expect(info.addedKernels).toEqual(
      expect.arrayContaining(['AecnnAdam', 'AecnnReluGrad', 'AecnnWindowMaxPoolGrad']),
    );
    const report = await train(QUICK);
    expect(report.backend).toBe('wasm');
    expect(report.batches).toBe(24);
    expectLossToFall(report);
    expect(report.final.accuracy).toBeGreaterThan(0.3);
    // The same seed and data order as on webgl: float32 on both, so the curves agree closely.
    expect(report.losses.length).toBe(webglLosses.length);
    for (const [i, l] of report.losses.entries()) expect(l).toBeCloseTo(webglLosses[i]!, 2);
    await page.screenshot({ path: path.join(shots, 'playground-wasm.png'), fullPage: true });
  });

  it('stays responsive while training: the Stop button ends a long run after the current batch', async () => {
    await page.evaluate(
      (s) => {
        const w = window as unknown as HookWindow;
        w.longRun = w.aecnnPlayground.train(s);
      },
      { ...QUICK, epochs: 5, maxBatches: undefined },
    );
    await page.waitForFunction(() =>
      /batch ([5-9]|\d{2,})\//.test(document.querySelector('#status')?.textContent ?? ''),
    );
    // The page answers between batches: a round trip takes far less than a whole run.
    const t0 = Date.now();
    await page.evaluate(() => document.title);
    expect(Date.now() - t0).toBeLessThan(2000);
    await page.click('#stop');
    const report = await page.evaluate(() => (window as unknown as HookWindow).longRun!);
    expect(report.stopped).toBe(true);
    expect(report.batches).toBeGreaterThanOrEqual(5);
    expect(report.batches).toBeLessThan(250);
    expect(await page.textContent('#status')).toMatch(/^stopped: /);
    expect(await page.isEnabled('#train')).toBe(true);
  });

  it('draws with touch too (pointer events from a touch screen)', async () => {
    await page.click('#pad-clear');
    const empty = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    expect(empty.label).toBeNull();
    expect(await page.textContent('#pad-prediction')).toBe('–');
    await page.evaluate(() => {
      const w = window as unknown as HookWindow;
      w.padResult = w.aecnnPlayground.padPrediction();
    });
    const box = (await page.locator('canvas.pad').boundingBox())!;
    const cdp = await browser.context.newCDPSession(page);
    const touch = (type: string, fx?: number, fy?: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type: type as 'touchStart',
        touchPoints: fx === undefined ? [] : [{ x: box.x + fx! * box.width, y: box.y + fy! * box.height }],
      });
    // A "1": one vertical stroke.
    await touch('touchStart', 0.5, 0.15);
    for (let i = 1; i <= 10; i++) await touch('touchMove', 0.5, 0.15 + i * 0.07);
    await touch('touchEnd');
    const p = await page.evaluate(() => (window as unknown as HookWindow).padResult!);
    expect(p.probs).toHaveLength(10);
    expect(p.input.filter((v) => v > 0.5).length).toBeGreaterThan(10);
    await cdp.detach();
  });

  it('refuses impossible settings with a clear message and keeps the model', async () => {
    const before = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    const err = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.train({ model: 'cnn', labels: 7990 }).then(
        () => 'trained',
        (e: Error) => e.message,
      ),
    );
    expect(err).toMatch(/^Labels used: 7990 is not possible balanced across 10 classes; use 10 to \d+ /);
    expect(await page.textContent('#status')).toMatch(/^training failed: Labels used: 7990/);
    const bad = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.train({ epochs: 0 }).then(
        () => 'trained',
        (e: Error) => e.message,
      ),
    );
    expect(bad).toBe('Epochs must be a whole number >= 1, got "0"');
    expect(await page.textContent('#status')).toMatch(/^cannot train: Epochs must be/);
    const after = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    expect(after.probs).toEqual(before.probs);
    await page.fill('#epochs', '1');
  });

  it('trains the autoencoder and the CNN too', async () => {
    const ae = await train({ ...QUICK, model: 'autoencoder', maxBatches: 8 });
    expect(ae.batches).toBe(8);
    expect(ae.final.accuracy).toBeUndefined();
    expect(ae.final.mse).toBeLessThan(0.2);
    const aePad = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    expect(aePad.label).toBeNull();
    expect(await page.textContent('#pad-prediction')).toMatch(/no classifier/);
    const cnn = await train({ ...QUICK, model: 'cnn', labels: 1000, maxBatches: 8 });
    expect(cnn.batches).toBe(8);
    expect(cnn.final.accuracy).toBeGreaterThan(0);
    expect(cnn.final.mse).toBeUndefined();
    expect(cnn.losses.every(Number.isFinite)).toBe(true);
  });

  it('trains a VAE of latent size 2 for an epoch: the prior grid is redrawn, the plane decodes under the pointer', async () => {
    const r = await page.evaluate(
      async (s) => {
        const h = (window as unknown as HookWindow).aecnnPlayground;
        const first = h.nextGrid();
        const run = h.train(s);
        const before = await first;
        const report = await run;
        return { before, after: h.generatedGrid()!, report };
      },
      { ...QUICK, model: 'vae' as const, latent: 2, batchSize: 64, maxBatches: undefined },
    );
    expect(r.report.batches).toBe(125);
    expect(r.report.epochs).toHaveLength(1);
    expectLossToFall(r.report);
    // An untrained decoder costs about 784 * ln 2 = 543 nats per image.
    expect(r.report.final.negativeElbo).toBeLessThan(400);
    expect(r.before.when).toBe('before training');
    expect(r.after.when).toBe('after epoch 1');
    expect([r.after.width, r.after.height]).toEqual([r.before.width, r.before.height]);
    const n = r.after.grey.length;
    const inked = r.after.grey.filter((g) => g < 250).length;
    const changed = r.after.grey.filter((g, i) => Math.abs(g - r.before.grey[i]!) > 16).length;
    expect(inked / n, 'share of the grid that is not background').toBeGreaterThan(0.3);
    expect(changed / n, 'share of the grid changed by training').toBeGreaterThan(0.1);
    expect(await page.isVisible('#vae-plane')).toBe(true);
    // The latent view shows the probe digits' posterior means as they are (2-D, no PCA).
    const latent = await page.textContent('#latent svg');
    expect(latent).toMatch(/vae latent means \(2-D\), after epoch 1/);
    expect(latent).not.toMatch(/PC1/);
    expect(await page.locator('#latent svg .point').count()).toBe(500);
    const tensors = await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.numTensors());
    const plane = page.locator('#vae-plane');
    const box = (await plane.boundingBox())!;
    const hoverAt = async (fx: number, fy: number) => {
      await plane.hover({ position: { x: fx * box.width, y: fy * box.height } });
      return (await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.latentHover()))!;
    };
    const a = await hoverAt(0.2, 0.2);
    expect(await page.textContent('#vae-hover-at')).toBe(`z = (${a.z[0].toFixed(2)}, ${a.z[1].toFixed(2)})`);
    const b = await hoverAt(0.8, 0.75);
    // Left to right is z1 from low to high; top to bottom z2 from high to low.
    expect(a.z[0]).toBeLessThan(b.z[0]);
    expect(a.z[1]).toBeGreaterThan(b.z[1]);
    expect(a.pixels).toHaveLength(784);
    expect(new Set(a.pixels).size, 'a drawn digit, not a flat square').toBeGreaterThan(10);
    const differ = a.pixels.filter((p, i) => Math.abs(p - b.pixels[i]!) > 16).length;
    expect(differ, 'pixels that differ between the two decoded digits').toBeGreaterThan(20);
    expect(await page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.numTensors())).toBe(
      tensors,
    );
    await page.screenshot({ path: path.join(shots, 'playground-vae.png'), fullPage: true });
  });

  it('trains the U-Net denoiser and a VAE of latent size 16 too', async () => {
    const unet = await train({ ...QUICK, model: 'unet', maxBatches: 8 });
    expect(unet.batches).toBe(8);
    expect(unet.final.accuracy).toBeUndefined();
    expect(unet.final.mse).toBeLessThan(0.2);
    expect(await page.textContent('#latent')).toMatch(/bottleneck is a feature map \[7, 7, 32\]/);
    expect(await page.isVisible('#vae-generated')).toBe(false);
    expect(await page.textContent('#vae-note')).toMatch(/^Train a VAE/);
    const vae16 = await train({ ...QUICK, model: 'vae', latent: 16, maxBatches: 8 });
    expect(vae16.batches).toBe(8);
    expect(vae16.final.negativeElbo).toBeGreaterThan(0);
    expect(await page.isVisible('#vae-generated')).toBe(true);
    expect(await page.isVisible('#vae-plane')).toBe(false);
    expect(await page.textContent('#latent svg')).toMatch(/vae latent means \(16-D\), after 8 batches/);
  });

  it('leaks no tensors: a second identical run leaves as many live tensors as the first', async () => {
    const count = () => page.evaluate(() => (window as unknown as HookWindow).aecnnPlayground.numTensors());
    await train(QUICK);
    const after1 = await count();
    await train(QUICK);
    expect(await count()).toBe(after1);
  });

  it('switches to cpu and predicts the same class for the pad as wasm', async () => {
    const onWasm = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    const info = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.setBackend('cpu'),
    );
    expect(info.name).toBe('cpu');
    expect(await page.textContent('#backend-info')).toMatch(/^cpu/);
    const onCpu = await page.evaluate(() =>
      (window as unknown as HookWindow).aecnnPlayground.padPrediction(true),
    );
    expect(onCpu.label).toBe(onWasm.label);
    for (const [k, p] of onCpu.probs.entries()) expect(p).toBeCloseTo(onWasm.probs[k]!, 4);
  });

  it('redraws the latent space with UMAP instead of PCA', async () => {
    expect(await page.textContent('#latent svg')).toMatch(/PC1/);
    expect(await page.locator('#latent svg .point').count()).toBe(500);
    await page.selectOption('#latent-method', 'umap');
    await expect.poll(() => page.textContent('#latent svg'), { timeout: 60_000 }).toMatch(/UMAP/);
    // One point per test digit, whatever the map.
    expect(await page.locator('#latent svg .point').count()).toBe(500);
    await page.selectOption('#latent-method', 'pca');
  });

  it('weighs what it must: JS and digits within budget', () => {
    const r = JSON.parse(readFileSync(path.join(dist, 'bundle-report.json'), 'utf8'));
    // NOTE: tfjs-core is most of the start-up JS; each backend is a chunk loaded only when picked.
    expect(r.initial.gzip).toBeLessThan(200_000);
    expect(r.js.gzip).toBeLessThan(500_000);
    expect(r.assets['digits/mnist-10k-images-idx3-ubyte.gz']).toBeLessThan(1_800_000);
  });

  it('fetched nothing beyond its own server (digits and wasm included)', () => {
    const origin = new URL(served.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.endsWith('/digits/mnist-10k-images-idx3-ubyte.gz'))).toBe(true);
    expect(requests.some((u) => u.endsWith('/wasm/tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('logged no page errors and no failed requests', () => {
    expect(errors).toEqual([]);
  });
});
