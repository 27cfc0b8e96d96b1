import {
  checkInt,
  checkIntList,
  conv2d,
  conv2dTranspose,
  cropping2d,
  dense,
  flatten,
  type LayerSpec,
  maxPool2d,
  reshape,
  sequential,
  upSampling2d,
} from '@aecnn/layers';
import { checkKernelFits, checkOneOf, type OutputActivation, type UpsampleMode } from './options';
import { doublingPlan, halvingSizes, type Size2, windowOutputSize } from './shapes';

/** How a conv encoder halves its size: stride-2 `same` convs, or (the article's way) `valid` convs then 2x2 max pooling. */
export type DownsampleMode = 'stride' | 'maxpool';

/** Activation of the latent vector: `linear` (default) or `relu` (the article's Dense(64, relu)). */
export type LatentActivation = 'linear' | 'relu';

/** Resolved options of a conv encoder/decoder pair. */
/** The conv encoder/decoder options that autoencoder and fusion share, before defaults. */
export interface ConvStageOptions {
  readonly filters?: readonly number[];
  readonly kernelSize?: number;
  readonly downsample?: DownsampleMode;
  readonly upsample?: UpsampleMode;
}

/** Checks the shared conv encoder/decoder options and fills in their defaults (filters [16, 32], kernel 3, stride, transpose). */
export function resolveConvStages(where: string, o: ConvStageOptions) {
  return {
    filters: checkIntList(where, 'filters', o.filters ?? [16, 32]),
    kernelSize: checkInt(where, 'kernelSize', o.kernelSize ?? 3),
    downsample: checkOneOf(where, 'downsample', o.downsample ?? 'stride', ['stride', 'maxpool'] as const),
    upsample: checkOneOf(where, 'upsample', o.upsample ?? 'transpose', ['transpose', 'upsample'] as const),
  };
}

/** Checks the latent activation option (default linear). */
export function resolveLatentActivation(
  where: string,
  value: LatentActivation | undefined,
): LatentActivation {
  return checkOneOf(where, 'latentActivation', value ?? 'linear', ['linear', 'relu'] as const);
}

export interface ConvCoderOptions {
  readonly inputShape: readonly [number, number, number];
  /** Filters per downsampling stage; the decoder mirrors them. */
  readonly filters: readonly number[];
  readonly kernelSize: number;
  readonly downsample: DownsampleMode;
  readonly upsample: UpsampleMode;
  readonly latentDim: number;
  readonly latentActivation: LatentActivation;
  readonly output: OutputActivation;
}

/** The spatial sizes of a conv encoder, checked: `sizes[0]` is the input, `sizes[i]` the output of stage i. */
export function convCoderSizes(where: string, o: ConvCoderOptions): Size2[] {
  const [h, w] = o.inputShape;
  const k = o.kernelSize;
  if (o.downsample === 'stride') {
    const sizes = halvingSizes([h, w], o.filters.length);
    sizes.slice(0, -1).forEach((s, i) => {
      checkKernelFits(where, k, s, `encoder stage ${i + 1}`);
    });
    return sizes;
  }
  // maxpool: conv `valid` (n → n - k + 1), then pool 2 (→ floor / 2). The decoder inverts it with upsampling 2 and
  // a `valid` transposed conv (→ 2m + k - 1), which lands on n only when n - k + 1 is even.
  const sizes: Size2[] = [[h, w]];
  o.filters.forEach((_, i) => {
    const s = sizes[i]!;
    checkKernelFits(where, k, s, `encoder stage ${i + 1}`);
    const conv = s.map((n) => windowOutputSize(n, k, 1, 'valid'));
    if (conv.some((n) => n < 2 || n % 2 !== 0)) {
      throw new Error(
        `${where}: with downsample 'maxpool', encoder stage ${i + 1} turns ${s[0]}x${s[1]} into ${conv[0]}x${conv[1]} ` +
          `after the ${k}x${k} conv, which 2x2 pooling cannot halve exactly (the decoder could not restore it); ` +
          `use downsample 'stride', another kernelSize or fewer stages`,
      );
    }
    sizes.push([conv[0]! / 2, conv[1]! / 2]);
  });
  return sizes;
}

/** The encoder's downsampling conv stages (`conv1`, `pool1`, ...), before the flatten. [b, h, w, c] → [b, h', w', filters]. */
export function convStageSpecs(o: ConvCoderOptions): LayerSpec[] {
  const k = o.kernelSize;
  return o.filters.flatMap((filters, i) =>
    o.downsample === 'stride'
      ? [
          conv2d({
            filters,
            kernelSize: k,
            strides: 2,
            padding: 'same',
            activation: 'relu',
            name: `conv${i + 1}`,
          }),
        ]
      : [
          conv2d({ filters, kernelSize: k, padding: 'valid', activation: 'relu', name: `conv${i + 1}` }),
          maxPool2d({ poolSize: 2, name: `pool${i + 1}` }),
        ],
  );
}

/** The encoder: conv stages → flatten → dense(latentDim). [b, h, w, c] → [b, latentDim]. */
export function convEncoderSpec(o: ConvCoderOptions): LayerSpec {
  return sequential(
    [
      ...convStageSpecs(o),
      flatten({ name: 'flatten' }),
      dense({ units: o.latentDim, activation: o.latentActivation, name: 'latent' }),
    ],
    { name: 'encoder' },
  );
}

/** The decoder: dense → reshape → mirrored up stages ending on exactly the input shape. [b, latentDim] → [b, h, w, c]. */
export function convDecoderSpec(where: string, o: ConvCoderOptions): LayerSpec {
  const sizes = convCoderSizes(where, o);
  const n = o.filters.length;
  const [bh, bw] = sizes[n]!;
  const deepest = o.filters[n - 1]!;
  const k = o.kernelSize;
  const up: LayerSpec[] = doublingPlan(sizes).flatMap((stage, j): LayerSpec[] => {
    const i = n - j; // encoder stage this one inverts, n..1
    const filters = i === 1 ? o.inputShape[2] : o.filters[i - 2]!;
    const activation = i === 1 ? o.output : 'relu';
    if (o.downsample === 'maxpool') {
      return [
        upSampling2d({ size: 2, name: `up${i}` }),
        conv2dTranspose({
          filters,
          kernelSize: k,
          strides: 1,
          padding: 'valid',
          activation,
          name: `deconv${i}`,
        }),
      ];
    }
    // Stride stages double the size; crop the one extra row/col where the encoder rounded an odd size up.
    const crop =
      stage.crop[0] || stage.crop[1]
        ? [
            cropping2d({
              cropping: [
                [0, stage.crop[0]],
                [0, stage.crop[1]],
              ],
              name: `crop${i}`,
            }),
          ]
        : [];
    if (o.upsample === 'transpose') {
      return [
        conv2dTranspose({
          filters,
          kernelSize: k,
          strides: 2,
          padding: 'same',
          activation,
          name: `deconv${i}`,
        }),
        ...crop,
      ];
    }
    return [
      upSampling2d({ size: 2, name: `up${i}` }),
      ...crop,
      conv2d({ filters, kernelSize: k, padding: 'same', activation, name: `conv${i}` }),
    ];
  });
  return sequential(
    [
      dense({ units: bh * bw * deepest, activation: 'relu', name: 'project' }),
      reshape({ targetShape: [bh, bw, deepest], name: 'unflatten' }),
      ...up,
    ],
    { name: 'decoder' },
  );
}
