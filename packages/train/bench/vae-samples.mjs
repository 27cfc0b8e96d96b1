// Sample quality of the VAE (issue #20): train the article CNN on the 8,000 embedded training digits, train
// vae({ latentDim: 16 }) on the first 7,000 (the last 1,000 are its validation split: the epoch count is the one
// with the lowest validation negative ELBO), decode 1,000 draws from the prior and classify them with the CNN.
// Reports the share classified with softmax confidence >= 0.9 and the share of each digit, for draws from N(0, I)
// and from a Gaussian mixture fitted to the 7,000 training codes (fitLatentMixture), its number of components chosen
// by the mixture's log-likelihood of the 1,000 validation digits' codes.
// Run: pnpm --filter @aecnn/train build && node packages/train/bench/vae-samples.mjs [--epochs N] [--latent D] [--every K] [--out file.json]
import { renameSync, writeFileSync } from 'node:fs';
import { useBackend } from '@aecnn/backends';
import { mnist } from '@aecnn/data/node';
import { articleCnn, chooseLatentMixture, generate, vae } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import { evaluate, fit } from '../dist/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const EPOCHS = Number(arg('epochs', '12'));
const LATENT = Number(arg('latent', '16'));
// Sample quality is also measured every this many epochs (0: only at the end), to see how it moves with training.
const EVERY = Number(arg('every', '0'));
const OUT = arg('out', undefined);
const SAMPLES = 1000;

await useBackend(arg('backend', 'wasm'));
const { train } = await mnist();
const log = (s) => process.stderr.write(`${s}\n`);

const cnn = articleCnn({ seed: 1 }).model;
await fit(cnn, train, {
  epochs: 3,
  batchSize: 32,
  learningRate: 3e-3,
  schedule: { kind: 'cosine' },
  seed: 1,
});
log(
  `cnn trained; accuracy on its own last 1,000 training digits ${(await evaluate(cnn, train.skip(7000))).accuracy}`,
);

const { model } = vae({ inputShape: [28, 28, 1], latentDim: LATENT, seed: 1 });
const fitTrain = train.take(7000);
const validation = train.skip(7000);
/** Decodes SAMPLES prior draws and classifies them with the CNN: the confident share and each digit's share. */
function sampleQuality(prior) {
  const counts = new Array(10).fill(0);
  let confident = 0;
  tf.tidy(() => {
    const images = generate(model, SAMPLES, { seed: 0, ...(prior ? { prior } : {}) });
    const probs = tf.softmax(cnn.forward(images, { training: false }, ['logits']).logits);
    const conf = tf.max(probs, 1).dataSync();
    const cls = tf.argMax(probs, 1).dataSync();
    for (let i = 0; i < SAMPLES; i++) {
      counts[cls[i]]++;
      if (conf[i] >= 0.9) confident++;
    }
  });
  return { confidentShare: confident / SAMPLES, digitShares: counts.map((c) => c / SAMPLES) };
}

let best = { epoch: 0, negativeElbo: Number.POSITIVE_INFINITY };
const history = [];
await fit(model, fitTrain, {
  epochs: EPOCHS,
  seed: 1,
  validationData: validation,
  callbacks: {
    onEpochEnd: (e) => {
      const v = e.val;
      const epoch = history.length + 1;
      const row = { epoch, loss: e.loss, kl: e.terms.kl, valNegativeElbo: v.negativeElbo };
      if (EVERY > 0 && epoch % EVERY === 0) {
        row.confidentShare = sampleQuality().confidentShare;
        log(`  samples confident at epoch ${epoch}: ${(100 * row.confidentShare).toFixed(1)}%`);
      }
      history.push(row);
      log(
        `vae epoch ${epoch}: loss ${e.loss.toFixed(2)} kl ${e.terms.kl.toFixed(2)} val -ELBO ${v.negativeElbo.toFixed(2)}`,
      );
      if (v.negativeElbo < best.negativeElbo) best = { epoch, negativeElbo: v.negativeElbo };
    },
  },
});

const quality = sampleQuality();
// The mixture prior: components chosen by the validation codes' log-likelihood, then fitted on the training codes.
const fitImages = fitTrain.gather(Array.from({ length: fitTrain.size }, (_, i) => i));
const valImages = validation.gather(Array.from({ length: validation.size }, (_, i) => i));
const chosen = await chooseLatentMixture(model, fitImages.x, valImages.x, { seed: 1 });
for (const c of chosen.byComponents) {
  log(
    `mixture of ${c.components}: validation log-likelihood ${c.validationLogLikelihood.toFixed(2)} nats per code`,
  );
}
tf.dispose([fitImages.x, fitImages.y, valImages.x, valImages.y]);
const mixtureQuality = sampleQuality(chosen.mixture);
log(`mixture of ${chosen.components}: ${(100 * mixtureQuality.confidentShare).toFixed(1)}% confident`);
const result = {
  backend: tf.getBackend(),
  epochs: EPOCHS,
  latentDim: LATENT,
  bestValidationEpoch: best,
  history,
  samples: SAMPLES,
  ...quality,
  mixturePrior: {
    components: chosen.components,
    byComponents: chosen.byComponents,
    ...mixtureQuality,
  },
};
const json = `${JSON.stringify(result, null, 2)}\n`;
if (OUT) {
  writeFileSync(`${OUT}.tmp`, json);
  renameSync(`${OUT}.tmp`, OUT);
}
process.stdout.write(json);
