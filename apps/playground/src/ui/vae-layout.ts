import { h } from './h';

/** The VAE section's elements: the generated grid, the latent plane and the digit decoded under the pointer. */
export interface VaeLayout {
  section: HTMLElement;
  /** 64 digits decoded from the prior (fixed seed), redrawn after each epoch. */
  generated: HTMLCanvasElement;
  /** Shown instead of the pictures when the model is not a VAE (or has no plane to draw). */
  note: HTMLElement;
  /** The decoded latent manifold of a 2-D VAE; the pointer over it decodes that point. */
  plane: HTMLCanvasElement;
  /** The digit decoded at the pointer, 28x28 (shown larger with CSS). */
  hover: HTMLCanvasElement;
  /** The latent point under the pointer, as text. */
  hoverAt: HTMLElement;
  /** Holds the plane and its hover digit; hidden unless the VAE is 2-D. */
  planeArea: HTMLElement;
}

/** Builds the VAE section (not yet in the page). */
export function createVaeSection(): VaeLayout {
  const generated = h('canvas', { id: 'vae-generated', width: 1, height: 1, hidden: true });
  const note = h('p', { id: 'vae-note', class: 'muted' }, 'Train a VAE to see digits drawn from its prior.');
  const plane = h('canvas', { id: 'vae-plane', class: 'plane', width: 1, height: 1 });
  const hover = h('canvas', { id: 'vae-hover', class: 'pixelated', width: 28, height: 28 });
  hover.style.width = hover.style.height = '112px';
  const hoverAt = h('div', { id: 'vae-hover-at', class: 'muted' }, 'move the pointer over the plane');
  // NOTE: the test hook reads these two back after each draw; the first getContext call fixes that hint.
  for (const c of [generated, hover]) c.getContext('2d', { willReadFrequently: true });
  const planeArea = h(
    'div',
    { id: 'vae-plane-area', class: 'pad-area', hidden: true },
    h('div', {}, h('div', { class: 'muted' }, 'decoded latent plane (prior quantiles)'), plane),
    h('div', {}, h('div', { class: 'muted' }, 'decoded at the pointer'), hover, hoverAt),
  );
  const section = h(
    'section',
    { id: 'vae-section' },
    h('h2', {}, 'VAE: digits from the prior, and the latent plane (latent size 2)'),
    note,
    generated,
    planeArea,
  );
  return { section, generated, note, plane, hover, hoverAt, planeArea };
}
