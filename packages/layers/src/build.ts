import type { Module, Shape } from './module';
import { randomSeed } from './rng';
import { checkKeys, checkShape } from './shape';
import { checkName, type LayerSpec, type NameOption } from './spec';

/** Options of `build`. */
export interface BuildOptions {
  /** Seed of the weight initializers: one seed gives bit-identical weights (default: random). */
  seed?: number;
  /** Name of the root, shown in error messages (default: the spec's name or kind). Not part of param paths. */
  name?: string;
}

/**
 * Builds a layer spec for an input shape without batch: creates its Variables and infers every shape.
 * @example const m = build(sequential([flatten(), dense({ units: 10 })]), [28, 28, 1], { seed: 1 });
 */
export function build(spec: LayerSpec, inputShape: Shape, options: BuildOptions = {}): Module {
  if (spec == null || typeof spec.build !== 'function') {
    throw new Error(
      `build: expected a layer spec such as conv2d({...}) or sequential([...]), got ${typeof spec}`,
    );
  }
  checkKeys(options, ['seed', 'name'], 'build');
  checkShape(inputShape, `build(${spec.kind})`);
  const { seed = randomSeed(), name } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new Error(`build: seed must be a non-negative integer, got ${JSON.stringify(seed)}`);
  }
  const root = checkName(name, 'build') ?? (spec.options as NameOption).name ?? spec.kind;
  return spec.build([...inputShape], { path: root, key: '', seed });
}
