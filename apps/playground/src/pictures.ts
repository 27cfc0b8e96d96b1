// The pictures of what a model makes of the digits: the fixed digits' reconstructions and the latent space.
import { type AecnnModel, modelName } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import { disposeOutput, infer } from './models';
import { type AppState, PROBE } from './state';
import type { Layout } from './ui/layout';
import { drawLatent, drawReconstructions, type LatentData } from './views';

/** Draws the model's pictures. */
export interface Pictures {
  /** The fixed test digits alone, before any model. */
  originals(): void;
  /** The fixed test digits with `m`'s reconstructions and predicted classes (those it has). */
  reconstructions(m: AecnnModel): Promise<void>;
  /** `m`'s latent codes (a VAE's means) of the probe digits in 2-D, titled with `when` (e.g. "after epoch 2"). */
  latent(m: AecnnModel, when: string): Promise<void>;
}

/** Creates the pictures on `ui`'s grid and latent view; the latent map picker redraws the last codes. */
export function createPictures(ui: Layout, state: AppState): Pictures {
  let lastLatent: LatentData | null = null;
  const latentMethod = () => (ui.latentMethod.value === 'umap' ? 'umap' : 'pca');
  ui.latentMethod.addEventListener('change', () => {
    if (lastLatent) drawLatent(ui.latent, lastLatent, latentMethod());
  });

  return {
    originals() {
      const fixed = state.fixed;
      if (fixed) drawReconstructions(ui.reconGrid, fixed.x, fixed.labels, null, null);
    },

    async reconstructions(m) {
      const fixed = state.fixed;
      if (!fixed) return;
      const o = infer(m, () => tf.tensor4d(fixed.x, [10, 28, 28, 1]), ['reconstruction', 'logits']);
      const pred = o.logits ? tf.argMax(o.logits, 1) : undefined;
      const [recon, predicted] = await Promise.all([o.reconstruction?.data(), pred?.data()]);
      disposeOutput(o);
      pred?.dispose();
      drawReconstructions(
        ui.reconGrid,
        fixed.x,
        fixed.labels,
        recon ? Float32Array.from(recon) : null,
        predicted ? Array.from(predicted) : null,
      );
    },

    async latent(m, when) {
      if (!state.digits) return;
      const probe = state.digits.test.take(PROBE);
      // A VAE's codes are its posterior means: the sampled `latent` would scatter them with noise.
      const head = m.outputNames.includes('mean') ? 'mean' : 'latent';
      const o = infer(m, () => {
        const batch = probe.gather(Array.from({ length: probe.size }, (_, i) => i));
        batch.y?.dispose();
        return batch.x;
      }, [head]);
      const latent = o[head];
      if (latent?.rank !== 2) {
        disposeOutput(o);
        ui.latent.textContent = latent
          ? `This model's bottleneck is a feature map [${latent.shape.slice(1).join(', ')}], not a latent vector.`
          : 'This model has no latent vector.';
        return;
      }
      const dim = latent.shape[1]!;
      const data = (await latent.data()) as Float32Array;
      latent.dispose();
      lastLatent = {
        latents: data,
        dim,
        labels: probe.labels(),
        title: `${modelName(m)} ${head === 'mean' ? 'latent means' : 'latent'} (${dim}-D), ${when}`,
      };
      drawLatent(ui.latent, lastLatent, latentMethod());
    },
  };
}
