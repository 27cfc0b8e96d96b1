import { normalQuantile } from '@aecnn/models';
import { imageGrid, imageRows } from '@aecnn/viz';
import { describe, expect, it } from 'vitest';
import { planeGeometry, planePoint } from './latent-plane';

// A 3x3 manifold of blank 28x28 images, laid out as the page draws it.
const steps = 3;
const scene = imageGrid({
  rows: imageRows({ data: new Float32Array(9 * 784), shape: [9, 28, 28, 1] }, steps),
  cellSize: 28,
  maxImages: steps,
});

describe('latent plane', () => {
  it('maps each cell centre to the quantile point latentManifold decodes there', () => {
    const g = planeGeometry(scene, steps);
    const q = [1, 3, 5].map((k) => normalQuantile(k / 6));
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < steps; j++) {
        const [z1, z2] = planePoint(g, g.x0 + j * g.pitchX, g.y0 + i * g.pitchY);
        // Row i has z2 from high to low, column j z1 from low to high.
        expect(z1).toBeCloseTo(q[j]!, 9);
        expect(z2).toBeCloseTo(q[steps - 1 - i]!, 9);
      }
    }
  });

  it('keeps points beyond the outer cells finite', () => {
    const g = planeGeometry(scene, steps);
    const [z1, z2] = planePoint(g, -1000, 1e6);
    expect(z1).toBeCloseTo(normalQuantile(0.005), 9);
    expect(z2).toBeCloseTo(normalQuantile(0.005), 9);
  });

  it('refuses a scene that is not a steps x steps grid', () => {
    expect(() => planeGeometry(scene, 4)).toThrow(/latent plane: expected 16 images in the scene, got 9/);
  });
});
