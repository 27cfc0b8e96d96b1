import { dense, flatten, type LayerSpec, reshape, sequential } from '@aecnn/layers';
import type { OutputActivation } from './options';
import { sizeOf } from './shapes';

/** Resolved options of a dense encoder/decoder pair. */
export interface DenseCoderOptions {
  readonly inputShape: readonly number[];
  /** Hidden units of the encoder, outermost first; the decoder mirrors them. */
  readonly units: readonly number[];
  readonly latentDim: number;
  readonly output: OutputActivation;
}

/** The encoder: flatten → dense(relu) per hidden size → dense(latentDim). [b, ...inputShape] → [b, latentDim]. */
export function denseEncoderSpec(o: DenseCoderOptions): LayerSpec {
  return sequential(
    [
      flatten({ name: 'flatten' }),
      ...o.units.map((units, i) => dense({ units, activation: 'relu', name: `dense${i + 1}` })),
      dense({ units: o.latentDim, name: 'latent' }),
    ],
    { name: 'encoder' },
  );
}

/** The decoder: mirrored dense(relu) layers → dense(prod(inputShape)) → reshape. [b, latentDim] → [b, ...inputShape]. */
export function denseDecoderSpec(o: DenseCoderOptions): LayerSpec {
  const n = o.units.length;
  return sequential(
    [
      ...[...o.units]
        .reverse()
        .map((units, j) => dense({ units, activation: 'relu', name: `dense${n - j}` })),
      dense({ units: sizeOf(o.inputShape), activation: o.output, name: 'output' }),
      reshape({ targetShape: [...o.inputShape], name: 'unflatten' }),
    ],
    { name: 'decoder' },
  );
}
