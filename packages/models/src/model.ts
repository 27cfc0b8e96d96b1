import {
  build,
  type GraphModule,
  gaussianNoise,
  graph,
  input,
  type Shape,
  type SymbolicTensor,
} from '@aecnn/layers';
import type { OutputActivation } from './options';

/** A model from @aecnn/models: a built graph (layers' GraphModule) with named outputs, a summary and a config. */
export type AecnnModel = GraphModule;

/** The graph input of a model and what its encoder sees: the image, or with `denoising` > 0 a noised copy in training. */
export function modelInput(
  inputShape: Shape,
  denoising: number,
  output: OutputActivation,
): { image: SymbolicTensor; encoderInput: SymbolicTensor } {
  const image = input(inputShape, { name: 'image' });
  const clip = output === 'sigmoid' ? ([0, 1] as const) : undefined;
  const encoderInput =
    denoising > 0
      ? gaussianNoise({ stddev: denoising, ...(clip ? { clip } : {}), name: 'noise' }).apply(image)
      : image;
  return { image, encoderInput };
}

/** The factory a model comes from (`fusion`, `cnn`, ...): its graph's name, else its kind. */
export function modelName(model: AecnnModel): string {
  return model.def.name ?? model.kind;
}

/** Builds a factory's graph: named `kind`, one image input, the given outputs (and added loss terms), seeded weights. */
export function buildModelGraph(
  kind: string,
  image: SymbolicTensor,
  outputs: Readonly<Record<string, SymbolicTensor>>,
  seed: number | undefined,
  losses?: Readonly<Record<string, SymbolicTensor>>,
): AecnnModel {
  return build(
    graph({ inputs: image, outputs, ...(losses ? { losses } : {}), name: kind }),
    seed === undefined ? {} : { seed },
  );
}
