import type { Variable } from '@tensorflow/tfjs-core';
import { INITIALIZER_NAMES, type InitializerName } from './initializers';
import { createParam } from './param';
import { toChoice } from './shape';
import type { BuildContext } from './spec';

/** A parameter of a layer: its shape, its initializer (default glorotUniform), and whether it holds statistics. */
export interface ParamDecl {
  readonly shape: readonly number[];
  readonly init?: InitializerName;
  /** Running statistics (batch norm's moving mean): never trainable, not even after `freeze(m, false)`. */
  readonly statistic?: boolean;
}

/** The parameters a layer declares, by local name, in creation order. */
export type ParamDecls = Readonly<Record<string, ParamDecl>>;

/** Creates the Variables of `decls` for the module built in `ctx`, checking each initializer's name. */
export function makeParams(kind: string, decls: ParamDecls, ctx: BuildContext): Record<string, Variable> {
  return Object.fromEntries(
    Object.entries(decls).map(([n, d]) => [
      n,
      createParam(
        ctx,
        n,
        d.shape,
        toChoice(d.init ?? 'glorotUniform', INITIALIZER_NAMES, `params.${n}.init`, kind),
        d.statistic === true,
      ),
    ]),
  );
}
