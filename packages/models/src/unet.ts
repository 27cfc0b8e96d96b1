import {
  checkInt,
  checkKeys,
  concatenate,
  conv2d,
  convBlock,
  cropping2d,
  type LayerSpec,
  maxPool2d,
  type Shape,
  type SymbolicTensor,
  sequential,
  upSampling2d,
} from '@aecnn/layers';
import { type AecnnModel, buildModelGraph, modelInput } from './model';
import { checkInputShape, checkOutput, type OutputActivation, seedOption } from './options';
import { doublingPlan, halvingSizes, type Size2 } from './shapes';

/** Options of `unetDenoiser`. */
export interface UnetOptions {
  /** [height, width, channels] without batch; any size, odd ones included. */
  readonly inputShape: Shape;
  /** Downsampling levels (default 2); each halves height and width (rounding up), so both must exceed 2^(depth - 1): 28 allows depth <= 5. */
  readonly depth?: number;
  /** Filters of the first level (default 16); each level below doubles them, the bottleneck has filters * 2^depth. */
  readonly filters?: number;
  /** `sigmoid` (default) for data in [0, 1]; `linear` for standardised or unbounded data. */
  readonly output?: OutputActivation;
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/** The resolved options of a U-Net denoiser. */
export interface UnetConfig {
  readonly inputShape: [number, number, number];
  readonly depth: number;
  readonly filters: number;
  readonly output: OutputActivation;
  readonly seed?: number;
}

const WHERE = 'unetDenoiser';
const KNOWN = ['inputShape', 'depth', 'filters', 'output', 'seed'] as const;

/** How often [h, w] halves (rounding up) before a side would go below 2: the deepest U-Net it allows. */
function maxDepth([h, w]: Size2): number {
  let depth = 0;
  for (let s = Math.min(h, w); s >= 2; s = Math.ceil(s / 2)) depth++;
  return depth;
}

/** Checks U-Net options and fills in defaults; throws naming the bad option (a depth the input cannot halve that often). */
export function resolveUnet(options: UnetOptions, where = WHERE): UnetConfig {
  if (options == null || typeof options !== 'object')
    throw new Error(`${where}: expected an options object, got ${options}`);
  checkKeys(options, KNOWN, where);
  const inputShape = checkInputShape(where, options.inputShape, 3) as [number, number, number];
  const depth = checkInt(where, 'depth', options.depth ?? 2, 1);
  const size: Size2 = [inputShape[0], inputShape[1]];
  const most = maxDepth(size);
  if (depth > most) {
    const chain = halvingSizes(size, most)
      .map(([h, w]) => `${h}x${w}`)
      .join(' → ');
    throw new Error(
      most === 0
        ? `${where}: a ${size.join('x')} input cannot be halved at all (height and width must be >= 2), got depth ${depth}`
        : `${where}: depth ${depth} needs ${depth} halvings, but a ${size.join('x')} input halves only ${most} times ` +
            `(${chain}); use depth <= ${most} or a larger input`,
    );
  }
  return {
    inputShape,
    depth,
    filters: checkInt(where, 'filters', options.filters ?? 16, 1),
    output: checkOutput(where, options.output),
    ...seedOption(where, options.seed),
  };
}

// NOTE: without batch norm the sigmoid output saturates at 0 (the mostly black digits) within ten Adam steps and
// never recovers (measured at lr 1e-3 and 3e-3, relu and leaky relu alike); momentum 0.9 keeps the inference
// statistics of a few epochs usable.
const NORM = { type: 'batch', momentum: 0.9 } as const;

/** Two 3x3 `same` conv → batch norm → relu blocks: one U-Net level, [b, h, w, *] → [b, h, w, filters]. */
function level(filters: number, name: string): LayerSpec {
  const conv = (n: number) =>
    convBlock({ filters, kernelSize: 3, padding: 'same', norm: NORM, name: `conv${n}` });
  return sequential([conv(1), conv(2)], { name });
}

/** The U-Net graph of a resolved config: image → levels down (max-pool) → bottleneck → levels up with skips. */
export function unetGraph(c: UnetConfig): AecnnModel {
  const { image } = modelInput(c.inputShape, 0, c.output);
  const sizes = halvingSizes([c.inputShape[0], c.inputShape[1]], c.depth);
  const skips: SymbolicTensor[] = [];
  let x = image;
  for (let i = 1; i <= c.depth; i++) {
    const skip = level(c.filters * 2 ** (i - 1), `down${i}`).apply(x);
    skips.push(skip);
    // `same` pooling rounds an odd size up (7 → 4); the way up crops the extra row/column off again.
    x = maxPool2d({ poolSize: 2, padding: 'same', name: `pool${i}` }).apply(skip);
  }
  const latent = level(c.filters * 2 ** c.depth, 'bottleneck').apply(x);
  x = latent;
  for (const [j, stage] of doublingPlan(sizes).entries()) {
    const i = c.depth - j;
    x = upSampling2d({ size: 2, name: `upsample${i}` }).apply(x);
    const [ch, cw] = stage.crop;
    if (ch || cw) {
      x = cropping2d({
        cropping: [
          [0, ch],
          [0, cw],
        ],
        name: `crop${i}`,
      }).apply(x);
    }
    x = concatenate({ name: `skip${i}` }).apply([x, skips[i - 1]!]);
    x = level(c.filters * 2 ** (i - 1), `up${i}`).apply(x);
  }
  const reconstruction = conv2d({
    filters: c.inputShape[2],
    kernelSize: 1,
    activation: c.output,
    name: 'output',
  }).apply(x);
  return buildModelGraph('unetDenoiser', image, { latent, reconstruction }, c.seed);
}

/**
 * A U-Net denoiser: `depth` levels of two 3x3 conv + batch norm + relu blocks, each followed by 2x2 max pooling on the way down, a
 * bottleneck, and on the way up nearest upsampling concatenated with the level's skip; a 1x1 conv restores the
 * channels. `forward(x)` → `{ latent, reconstruction }`: `latent` is the bottleneck feature map
 * [b, ⌈h / 2^depth⌉, ⌈w / 2^depth⌉, filters * 2^depth], `reconstruction` exactly the input's shape (odd sizes are
 * cropped back). Train it with `fit(model, data, { strategy: { kind: 'denoising', noise } })`.
 * Example: `unetDenoiser({ inputShape: [28, 28, 1], depth: 2, filters: 16, seed: 1 }).model`.
 */
export function unetDenoiser(options: UnetOptions): { readonly model: AecnnModel } {
  return { model: unetGraph(resolveUnet(options)) };
}
