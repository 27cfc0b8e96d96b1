import { type Module, namedParams, setWeights, type WeightProblem } from '@aecnn/layers';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { ImportedLayer } from './from-keras';

/** Which Keras weight feeds one of our parameters: its layer, its Keras name and its manifest key. */
interface Source {
  readonly layer: string;
  readonly keras: string;
  readonly key: string | undefined;
}

/**
 * Copies Keras weights into a built chain or graph through layers' setWeights: every mapped weight's name, shape
 * and dtype is checked first, and nothing is assigned unless all match. Parameters no Keras weight maps to keep
 * their initial values.
 */
export function assignKerasWeights(
  module: Module,
  layers: readonly ImportedLayer[],
  weights: ReadonlyMap<string, Tensor>,
): void {
  const params = namedParams(module);
  const targets = new Map<string, Variable>();
  const sources = new Map<string, Source>();
  const given: Record<string, Tensor> = {};
  for (const l of layers) {
    for (const [keras, ours] of Object.entries(l.weights)) {
      const path = `${l.name}/${ours}`;
      const target = params.get(path);
      if (target === undefined) continue;
      const key = findWeight(weights, l.name, keras);
      targets.set(path, target);
      sources.set(path, { layer: l.name, keras, key });
      if (key !== undefined) given[path] = weights.get(key)!;
    }
  }
  const explain = (p: WeightProblem): string | undefined => {
    const s = sources.get(p.path);
    if (s === undefined) return undefined;
    if (p.kind === 'missing') return `weight '${s.layer}/${s.keras}' is missing from the weights manifest`;
    const { got, expected } = p;
    // Keras weights are float32; the dtypes are named only when they differ, so the usual message stays short.
    const [g, e] = got!.dtype === expected!.dtype ? ['', ''] : [` ${got!.dtype}`, ` ${expected!.dtype}`];
    return `weight '${s.key}' has shape [${got!.shape}]${g}, layer '${s.layer}' expects [${expected!.shape}]${e}`;
  };
  setWeights(targets, given, { where: 'importLayersModel', explain });
}

/** The manifest key of weight `w` of layer `layer`: `layer/w`, possibly behind a scope prefix or a `:0` suffix. */
function findWeight(weights: ReadonlyMap<string, Tensor>, layer: string, w: string): string | undefined {
  for (const key of weights.keys()) {
    const parts = key.replace(/:\d+$/, '').split('/');
    if (parts[parts.length - 1] === w && parts[parts.length - 2] === layer) return key;
  }
  return undefined;
}
