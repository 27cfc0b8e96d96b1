import { type Tensor, tidy, type Variable } from '@tensorflow/tfjs-core';
import type { ForwardContext, Module, ModuleConfig, Shape } from './module';
import { formatShape, where } from './shape';

/** What a layer provides to become a Module. */
export interface ModuleParts {
  readonly kind: string;
  readonly config: ModuleConfig;
  /** Path for messages (`encoder/block1/conv`). */
  readonly path: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly params?: Record<string, Variable>;
  readonly children?: Record<string, Module>;
  /** The pure forward function; runs inside tidy after the input shape was checked. */
  readonly forward: (x: Tensor, ctx: ForwardContext) => Tensor;
}

/** Throws unless `x` is a batch of `inputShape`, naming the module, the expected and the received shape. */
export function checkInput(kind: string, path: string, inputShape: Shape, x: Tensor): void {
  const s = x.shape;
  if (s.length !== inputShape.length + 1 || inputShape.some((d, i) => s[i + 1] !== d)) {
    throw new Error(
      `${where(kind, path)}: expected input ${formatShape(inputShape, true)}, got ${formatShape(s)}` +
        `; the module was built for ${formatShape(inputShape)} (build it again for the new shape)`,
    );
  }
}

/** Makes a Module from its parts: the forward call checks its input and frees every intermediate tensor. */
export function defineModule(parts: ModuleParts): Module {
  const { kind, path, inputShape, forward } = parts;
  return {
    kind,
    config: parts.config,
    inputShape: Object.freeze([...inputShape]),
    outputShape: Object.freeze([...parts.outputShape]),
    params: Object.freeze({ ...parts.params }),
    children: Object.freeze({ ...parts.children }),
    apply(x, ctx) {
      if (ctx == null || typeof ctx.training !== 'boolean') {
        throw new Error(
          `${where(kind, path)}: apply(x, ctx) needs ctx.training (true or false), got ${JSON.stringify(ctx)}`,
        );
      }
      checkInput(kind, path, inputShape, x);
      return tidy(() => forward(x, ctx));
    },
  };
}
