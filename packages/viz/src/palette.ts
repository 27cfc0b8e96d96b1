/** An RGB colour with 0..255 channels. */
export type Rgb = readonly [number, number, number];

/**
 * Okabe-Ito colours for classes, ordered for a white background.
 * NOTE: yellow comes last because it has the least contrast against white.
 */
export const OKABE_ITO: readonly string[] = Object.freeze([
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#000000', // black
  '#F0E442', // yellow
]);

/** Marker shapes that tell classes apart once the 8 Okabe-Ito colours repeat. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

/** Colour and marker shape of class `i`: colours cycle through Okabe-Ito, shapes change every 8 classes. */
export function classStyle(i: number): { color: string; shape: MarkerShape } {
  const n = OKABE_ITO.length;
  return { color: OKABE_ITO[i % n]!, shape: SHAPES[Math.floor(i / n) % SHAPES.length]! };
}

// Polynomial fit of matplotlib's viridis (channels in 0..1), accurate to ~1/255 over [0, 1].
const VIRIDIS_COEFFS: readonly Rgb[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

/** Viridis colour for t in [0, 1] (clamped; NaN gives mid-grey), perceptually uniform and colour-blind safe. */
export function viridis(t: number): Rgb {
  if (Number.isNaN(t)) return [128, 128, 128];
  const x = Math.min(1, Math.max(0, t));
  const out = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    let v = 0;
    for (let k = VIRIDIS_COEFFS.length - 1; k >= 0; k--) v = v * x + VIRIDIS_COEFFS[k]![c]!;
    out[c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
  }
  return [out[0]!, out[1]!, out[2]!];
}

/** `#rrggbb` for an RGB triple. */
export function hex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** Parses `#rgb` or `#rrggbb` into an RGB triple; throws on anything else. */
export function parseHex(color: string): Rgb {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) throw new Error(`color: expected '#rgb' or '#rrggbb', got '${color}'`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** Black or white, whichever reads better on top of `rgb` (for counts printed inside heatmap cells). */
export function contrastText(rgb: Rgb): string {
  const lum = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  return lum > 0.45 ? '#000000' : '#ffffff';
}
