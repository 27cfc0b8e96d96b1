// How the VAE of `aecnn experiment anomaly --method vae` was chosen (issue #20): the one-class protocol on a
// validation split of the embedded training digits only (the first 6,000 fit, the last 2,000 are scored; the
// held-out digits are never read). For each normal digit, vae({ latentDim, filters: [32, 64] }) is trained on that
// digit's fit images (Adam, batch 64, bceSum + kl, seed 1) and every validation image is scored by its negative ELBO;
// the mean ROC AUC over the ten digits is printed at each epoch of --at.
// Run: pnpm --filter @aecnn/train build && node packages/train/bench/anomaly-vae-validation.mjs --latent 16 --lr 1e-3 --at 10,20,30
import { useBackend } from '@aecnn/backends';
import { mnist } from '@aecnn/data/node';
import { vae } from '@aecnn/models';
import { anomalyScores, fit, rocAuc } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const LATENT = Number(arg('latent', '16'));
const LR = Number(arg('lr', '1e-3'));
const AT = arg('at', '10,20,30').split(',').map(Number);

await useBackend('wasm');
const { train } = await mnist();
const fitImages = train.take(6000);
const validation = train.skip(6000);
const isAnomaly = (digit) => Array.from(validation.labels(), (l) => l !== digit);

const aucs = Object.fromEntries(AT.map((e) => [e, []]));
for (let digit = 0; digit < 10; digit++) {
  const positions = [];
  fitImages.labels().forEach((l, i) => {
    if (l === digit) positions.push(i);
  });
  const { model } = vae({ inputShape: [28, 28, 1], latentDim: LATENT, filters: [32, 64], seed: 1 });
  await fit(model, fitImages.subset(positions), {
    epochs: Math.max(...AT),
    batchSize: 64,
    learningRate: LR,
    seed: 1,
    callbacks: {
      onEpochEnd: async (e) => {
        const epoch = e.epoch + 1;
        if (!AT.includes(epoch)) return;
        aucs[epoch].push(rocAuc(await anomalyScores(model, validation, { score: 'elbo' }), isAnomaly(digit)));
      },
    },
  });
  process.stderr.write(
    `digit ${digit}: ${AT.map((e) => `${e} epochs ${aucs[e].at(-1).toFixed(3)}`).join(', ')}\n`,
  );
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(
  JSON.stringify({
    latentDim: LATENT,
    lr: LR,
    meanRocAuc: Object.fromEntries(AT.map((e) => [e, mean(aucs[e])])),
  }),
);
