// The denoising measurement of docs/RESULTS.md: held-out PSNR of the noisy input, the conv autoencoder (32-d
// bottleneck) and the U-Net at gaussian σ 0.3 and 0.5, same epochs, seeds 1-3; each model's learning rate is
// picked on a validation split of the training digits (never the held-out ones). Writes docs/denoising.png.
// Run: pnpm --filter @aecnn/bench build && pnpm --filter @aecnn/bench denoise
import path from 'node:path';
import { useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import { mnist } from '@aecnn/data/node';
import { activation, build, disposeParams, graph, input } from '@aecnn/layers';
import { type AecnnModel, autoencoder, unetDenoiser } from '@aecnn/models';
import { corrupt, evaluate, fit, type NoiseSpec, resolveNoise } from '@aecnn/train';
import { imageGrid } from '@aecnn/viz';
import { writePng } from '@aecnn/viz/node';
import * as tf from '@tensorflow/tfjs-core';

const TRAIN_IMAGES = 2000;
const EPOCHS = 6;
const BATCH = 32;
const SEEDS = [1, 2, 3];
const SIGMAS = [0.3, 0.5];
const RATES = [1e-3, 3e-3];
const MODELS: Record<string, (seed: number) => AecnnModel> = {
  autoencoder: (seed) => autoencoder({ inputShape: [28, 28, 1], latentDim: 32, seed }).model,
  unet: (seed) => unetDenoiser({ inputShape: [28, 28, 1], seed }).model,
};

function identity(): AecnnModel {
  const image = input([28, 28, 1]);
  return build(
    graph({ inputs: image, outputs: { reconstruction: activation({ activation: 'linear' }).apply(image) } }),
  );
}

async function trained(name: string, seed: number, data: Dataset, noise: NoiseSpec, lr: number) {
  const model = MODELS[name]!(seed);
  await fit(model, data, {
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: lr,
    seed,
    strategy: { kind: 'denoising', noise },
  });
  return model;
}

const stats = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, spread: (Math.max(...v) - Math.min(...v)) / 2, values: v };
};

await useBackend('wasm');
const { train, test } = await mnist();
const fitData = train.take(TRAIN_IMAGES);
const validation = train.skip(7500); // the last 500 training digits, never trained on
const started = Date.now();

// 1. Learning rate per model, on the validation split at σ 0.5, seed 1.
const lr: Record<string, number> = {};
const tuning: Record<string, Record<string, number>> = {};
for (const name of Object.keys(MODELS)) {
  tuning[name] = {};
  for (const rate of RATES) {
    const noise = { kind: 'gaussian', std: 0.5 } as const;
    const model = await trained(name, 1, fitData, noise, rate);
    tuning[name]![String(rate)] = (await evaluate(model, validation, { noise, seed: 11 })).psnr!;
    disposeParams(model.modules);
  }
  lr[name] = Number(Object.entries(tuning[name]!).sort((a, b) => b[1] - a[1])[0]![0]);
}
console.error('validation PSNR by learning rate', JSON.stringify(tuning));

// 2. Held-out PSNR, 3 seeds, both noise levels; the picture from seed 1 at σ 0.5.
const rows: Record<string, unknown>[] = [];
for (const sigma of SIGMAS) {
  const noise = { kind: 'gaussian', std: sigma } as const;
  const psnr: Record<string, number[]> = { noisy: [], autoencoder: [], unet: [] };
  const picture: Record<string, tf.Tensor> = {};
  for (const seed of SEEDS) {
    psnr.noisy!.push((await evaluate(identity(), test, { noise, seed })).psnr!);
    for (const name of Object.keys(MODELS)) {
      const model = await trained(name, seed, fitData, noise, lr[name]!);
      psnr[name]!.push((await evaluate(model, test, { noise, seed })).psnr!);
      const keep = sigma === 0.5 && seed === 1;
      if (keep) {
        const clean = test.gather(Array.from({ length: 10 }, (_, i) => i)).x;
        picture.clean ??= clean;
        picture.noisy ??= corrupt(clean, resolveNoise(noise), 99);
        picture[name] = model.forward(picture.noisy, { training: false }).reconstruction!;
      }
      if (!keep) disposeParams(model.modules);
    }
  }
  rows.push({ sigma, ...Object.fromEntries(Object.entries(psnr).map(([k, v]) => [k, stats(v)])) });
  if (picture.clean) {
    const file = path.resolve(import.meta.dirname, '../../docs/denoising.png');
    writePng(
      file,
      imageGrid({
        title: `held-out digits, gaussian σ 0.5 (seed 1, ${EPOCHS} epochs on ${TRAIN_IMAGES} images)`,
        rows: [
          { title: 'noisy', images: picture.noisy! },
          { title: 'autoencoder', images: picture.autoencoder! },
          { title: 'U-Net', images: picture.unet! },
          { title: 'clean', images: picture.clean },
        ],
      }),
    );
    tf.dispose(Object.values(picture));
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(
  JSON.stringify({ lr, tuning, rows, epochs: EPOCHS, trainImages: TRAIN_IMAGES, seconds }, null, 2),
);
for (const r of rows as { sigma: number; [k: string]: unknown }[]) {
  const cell = (k: string) => {
    const s = r[k] as { mean: number; spread: number };
    return `${s.mean.toFixed(2)} ± ${s.spread.toFixed(2)}`;
  };
  console.log(`| ${r.sigma} | ${cell('noisy')} | ${cell('autoencoder')} | ${cell('unet')} |`);
}
