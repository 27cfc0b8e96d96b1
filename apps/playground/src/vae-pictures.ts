// A VAE's own pictures: a grid of digits from its prior, and for latent size 2 the plane to explore.
import { type AecnnModel, generate, modelName } from '@aecnn/models';
import { drawToCanvas, imageGrid, imageRows } from '@aecnn/viz';
import type { CanvasPixels, LatentHover } from './hook';
import { createLatentPlane } from './latent-plane';
import { isVae } from './models';
import { type AppState, SEED } from './state';
import { canvasPixels } from './ui/canvas-pixels';
import type { Layout } from './ui/layout';

/** Digits drawn from the prior: GRID x GRID, the same seeded points each time, so the grid evolves smoothly. */
const GRID = 8;

/** Draws the VAE pictures of the page's model. */
export interface VaePictures {
  /** Draws `m`'s generated grid (and its latent plane when 2-D), titled with `when`; a note for other models. */
  draw(m: AecnnModel, when: string): Promise<void>;
  /** The generated grid as drawn now; null when the last model drawn was not a VAE. */
  grid(): CanvasPixels | null;
  /** Resolves with the grid when it is next drawn. */
  nextGrid(): Promise<CanvasPixels>;
  /** Waits for the decode of the latest pointer move over the plane; null before any. */
  hovered(): Promise<LatentHover | null>;
}

/** Creates the VAE pictures on `ui.vae`. */
export function createVaePictures(ui: Layout, state: AppState): VaePictures {
  const v = ui.vae;
  const plane = createLatentPlane(v, state);
  const waiters: ((p: CanvasPixels) => void)[] = [];
  let when: string | null = null;

  return {
    async draw(m, at) {
      if (!isVae(m)) {
        when = null;
        v.generated.hidden = true;
        v.planeArea.hidden = true;
        v.note.textContent = `Train a VAE to see digits drawn from its prior (this is a ${modelName(m)}).`;
        return;
      }
      const latent = m.modules.decoder!.inputShape[0]!;
      const images = generate(m, GRID * GRID, { seed: SEED });
      const data = (await images.data()) as Float32Array;
      images.dispose();
      const scene = imageGrid({
        rows: imageRows({ data, shape: [GRID * GRID, 28, 28, 1] }, GRID),
        cellSize: 32,
        maxImages: GRID,
        title: `prior samples, ${at}`,
      });
      drawToCanvas(v.generated, scene);
      v.generated.hidden = false;
      v.note.textContent =
        `Latent size ${latent}: the same ${GRID * GRID} points z ~ N(0, I) (seed ${SEED}) decoded after each epoch.` +
        (latent === 2 ? ' Move the pointer over the plane to decode any point.' : '');
      v.planeArea.hidden = latent !== 2;
      if (latent === 2) await plane.draw(m);
      when = at;
      const drawn = canvasPixels(v.generated, at);
      for (const w of waiters.splice(0)) w(drawn);
    },
    grid: () => (when === null ? null : canvasPixels(v.generated, when)),
    nextGrid: () => new Promise((resolve) => waiters.push(resolve)),
    hovered: () => plane.hovered(),
  };
}
