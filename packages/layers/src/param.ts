import { tensor, type Variable, variable } from '@tensorflow/tfjs-core';
import { type Initializer, type InitializerName, initializers } from './initializers';
import { deriveSeed } from './rng';
import type { BuildContext } from './spec';

// Batch-norm statistics: never trainable, so `freeze(m, false)` must not turn them on.
const STATISTICS = new WeakSet<Variable>();

/** Whether `v` holds running statistics (batch norm) rather than a learned weight. */
export function isStatistic(v: Variable): boolean {
  return STATISTICS.has(v);
}

/**
 * Creates a float32 Variable for parameter `name` of the module built in `ctx`. Its values come from a seed derived
 * from the build seed and the parameter's path, so that one seed gives bit-identical weights on every backend.
 * The tfjs name stays automatic (tfjs names are global); our names live in the module tree.
 */
export function createParam(
  ctx: BuildContext,
  name: string,
  shape: readonly number[],
  init: Initializer | InitializerName,
  statistic = false,
): Variable {
  const fill = typeof init === 'string' ? initializers[init] : init;
  const seed = deriveSeed(ctx.seed, ctx.key ? `${ctx.key}/${name}` : name);
  const init0 = tensor(fill(shape, seed), [...shape], 'float32');
  const v = variable(init0, !statistic);
  init0.dispose(); // the Variable holds its own reference to the data

  if (statistic) STATISTICS.add(v);
  return v;
}
