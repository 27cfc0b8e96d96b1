import { type Module, namedParams } from '@aecnn/layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ImportedLayer } from './from-keras';

/** Copies Keras weights into a built chain or graph; checks every name and shape. */
export function assignWeights(
  module: Module,
  layers: ImportedLayer[],
  weights: Map<string, Tensor>,
  used: Set<string>,
): void {
  const params = namedParams(module);
  for (const l of layers) {
    for (const [keras, ours] of Object.entries(l.weights)) {
      const target = params.get(`${l.name}/${ours}`);
      if (target === undefined) continue;
      const key = findWeight(weights, l.name, keras);
      if (key === undefined) {
        throw new Error(
          `importLayersModel: weight '${l.name}/${keras}' is missing from the weights manifest`,
        );
      }
      const w = weights.get(key)!;
      if (w.shape.join() !== target.shape.join()) {
        throw new Error(
          `importLayersModel: weight '${key}' has shape [${w.shape}], layer '${l.name}' expects [${target.shape}]`,
        );
      }
      target.assign(w);
      used.add(key);
    }
  }
}

/** The manifest key of weight `w` of layer `layer`: `layer/w`, possibly behind a scope prefix or a `:0` suffix. */
function findWeight(weights: Map<string, Tensor>, layer: string, w: string): string | undefined {
  for (const key of weights.keys()) {
    const parts = key.replace(/:\d+$/, '').split('/');
    if (parts[parts.length - 1] === w && parts[parts.length - 2] === layer) return key;
  }
  return undefined;
}
