// A 2-D VAE's latent plane: its decoded manifold on a canvas, and the digit decoded under the pointer at once.
import { type AecnnModel, decode, latentManifold, normalQuantile } from '@aecnn/models';
import { drawToCanvas, imageGrid, imageRows, type Scene } from '@aecnn/viz';
import * as tf from '@tensorflow/tfjs-core';
import type { LatentHover } from './hook';
import { isVae } from './models';
import type { AppState } from './state';
import { drawDigits } from './ui/digits-canvas';
import type { VaeLayout } from './ui/vae-layout';

/** Cells per side of the decoded manifold (the prior's quantiles at (i + 0.5) / STEPS). */
export const PLANE_STEPS = 12;
const CELL = 28;
// NOTE: the quantiles run to ±infinity at the plane's outer edges; the pointer is kept within ±2.58.
const P_MIN = 0.005;

/** Where the manifold's cell centres sit on the canvas: the first one and the distance between neighbours. */
export interface PlaneGeometry {
  x0: number;
  y0: number;
  pitchX: number;
  pitchY: number;
  steps: number;
}

/** The cell centres of a manifold scene drawn by `imageGrid` (its image marks, row by row). */
export function planeGeometry(scene: Scene, steps: number): PlaneGeometry {
  const cells = scene.marks.filter((m) => m.type === 'image');
  if (cells.length !== steps * steps) {
    throw new Error(`latent plane: expected ${steps * steps} images in the scene, got ${cells.length}`);
  }
  const centre = (k: number) => [cells[k]!.x + cells[k]!.w / 2, cells[k]!.y + cells[k]!.h / 2] as const;
  const [x0, y0] = centre(0);
  const [x1] = centre(steps - 1);
  const [, y1] = centre(steps * (steps - 1));
  return { x0, y0, pitchX: (x1 - x0) / (steps - 1), pitchY: (y1 - y0) / (steps - 1), steps };
}

/**
 * The latent point at scene position (x, y): the cell centres are the prior's quantiles, as in `latentManifold`
 * (column j: z1 at quantile (j + 0.5) / steps; row i: z2 from high to low), continuous between them.
 */
export function planePoint(g: PlaneGeometry, x: number, y: number): [number, number] {
  const p = (k: number) => Math.min(1 - P_MIN, Math.max(P_MIN, (k + 0.5) / g.steps));
  const j = (x - g.x0) / g.pitchX;
  const i = (y - g.y0) / g.pitchY;
  return [normalQuantile(p(j)), normalQuantile(1 - p(i))];
}

/** What the latent plane does. */
export interface LatentPlane {
  /** Draws `m`'s decoded manifold (a VAE with latentDim 2). */
  draw(m: AecnnModel): Promise<void>;
  /** Waits for the decode of the latest pointer move; null before any. */
  hovered(): Promise<LatentHover | null>;
}

/** Wires the plane canvas: each pointer move decodes its point with the page's current model (a 2-D VAE). */
export function createLatentPlane(ui: VaeLayout, state: AppState): LatentPlane {
  let geometry: PlaneGeometry | null = null;
  let last: LatentHover | null = null;
  let wanted: [number, number] | null = null;
  let running: Promise<void> = Promise.resolve();

  async function show(z: [number, number]): Promise<void> {
    const m = state.model;
    if (!isVae(m) || m.modules.decoder?.inputShape[0] !== 2) return;
    const image = tf.tidy(() => decode(m, tf.tensor2d([z], [1, 2])));
    const data = await image.data();
    image.dispose();
    drawDigits(ui.hover, [data], 1, 0);
    ui.hoverAt.textContent = `z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)})`;
    const rgba = ui.hover.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    last = { z, pixels: Array.from({ length: 784 }, (_, i) => rgba[i * 4]!) };
  }

  // Decodes one point at a time; moves that come meanwhile collapse into the latest.
  async function drain(): Promise<void> {
    while (wanted) {
      const z = wanted;
      wanted = null;
      await show(z);
    }
  }

  ui.plane.addEventListener('pointermove', (e) => {
    if (!geometry) return;
    const box = ui.plane.getBoundingClientRect();
    const scale = box.width > 0 ? Number.parseFloat(ui.plane.style.width) / box.width : 1;
    const idle = wanted === null;
    wanted = planePoint(geometry, (e.clientX - box.left) * scale, (e.clientY - box.top) * scale);
    if (idle) {
      running = running.then(drain).catch((err: Error) => {
        ui.hoverAt.textContent = `decoding failed: ${err.message}`;
      });
    }
  });

  return {
    async draw(m) {
      const images = latentManifold(m, PLANE_STEPS);
      const data = (await images.data()) as Float32Array;
      images.dispose();
      const rows = imageRows({ data, shape: [PLANE_STEPS * PLANE_STEPS, 28, 28, 1] }, PLANE_STEPS);
      const scene = imageGrid({ rows, cellSize: CELL, maxImages: PLANE_STEPS });
      drawToCanvas(ui.plane, scene);
      geometry = planeGeometry(scene, PLANE_STEPS);
    },
    async hovered() {
      await running;
      return last;
    },
  };
}
