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

/** What a layer of several inputs provides to become a Module. */
export interface MultiModuleParts extends Omit<ModuleParts, 'inputShape' | 'forward'> {
  readonly inputShapes: readonly Shape[];
  /** The pure forward function on one batch per input; runs inside tidy after every shape was checked. */
  readonly forward: (xs: readonly Tensor[], ctx: ForwardContext) => Tensor;
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

function checkCtx(kind: string, path: string, ctx: ForwardContext, call = 'apply(x, ctx)'): void {
  if (ctx == null || typeof ctx.training !== 'boolean') {
    throw new Error(
      `${where(kind, path)}: ${call} needs ctx.training (true or false), got ${JSON.stringify(ctx)}`,
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
      checkCtx(kind, path, ctx);
      checkInput(kind, path, inputShape, x);
      return tidy(() => forward(x, ctx));
    },
  };
}

/** Makes a Module of several inputs: `applyAll(xs, ctx)` checks every input and frees every intermediate tensor. */
export function defineMultiModule(parts: MultiModuleParts): Module {
  const { kind, path, inputShapes, forward } = parts;
  return {
    kind,
    config: parts.config,
    inputShape: Object.freeze([...inputShapes[0]!]),
    inputShapes: Object.freeze(inputShapes.map((s) => Object.freeze([...s]))),
    outputShape: Object.freeze([...parts.outputShape]),
    params: Object.freeze({ ...parts.params }),
    children: Object.freeze({ ...parts.children }),
    apply() {
      throw new Error(
        `${where(kind, path)}: takes ${inputShapes.length} inputs; call applyAll([a, b, ...], ctx), or apply it in a graph`,
      );
    },
    applyAll(xs, ctx) {
      checkCtx(kind, path, ctx, 'applyAll(xs, ctx)');
      if (!Array.isArray(xs) || xs.length !== inputShapes.length) {
        throw new Error(
          `${where(kind, path)}: expected ${inputShapes.length} inputs, got ${Array.isArray(xs) ? xs.length : typeof xs}`,
        );
      }
      xs.forEach((x, i) => {
        checkInput(kind, `${path}, input ${i}`, inputShapes[i]!, x);
        if (x.shape[0] !== xs[0]!.shape[0]) {
          throw new Error(
            `${where(kind, path)}: input ${i} has a batch of ${x.shape[0]}, input 0 of ${xs[0]!.shape[0]}; every input needs the same batch`,
          );
        }
      });
      return tidy(() => forward(xs, ctx));
    },
  };
}
