import {
  type ForwardContext,
  type Head,
  type Model,
  type ModelConfig,
  type ModelOutput,
  type Module,
  paramCount,
  type Shape,
  summary,
} from '@aecnn/layers';
import { type Tensor, tidy } from '@tensorflow/tfjs-core';

/** A Model from @aecnn/models: the layers contract plus a printable summary and a parameter count. */
export interface AecnnModel extends Model {
  /** The heads this model can compute, in forward order. */
  readonly heads: readonly Head[];
  /** A table of every module, its output shapes and parameter counts. */
  summary(): string;
  /** Total number of parameters of all modules (shared modules counted once). */
  paramCount(): number;
}

/** What a factory provides to make a model. */
export interface ModelParts {
  readonly kind: string;
  readonly config: ModelConfig;
  readonly inputShape: Shape;
  readonly modules: Record<string, Module>;
  readonly heads: readonly Head[];
  /** Computes the wanted heads (runs inside tidy; may compute more, the extras are dropped). */
  readonly run: (
    x: Tensor,
    ctx: ForwardContext,
    want: ReadonlySet<Head>,
  ) => Readonly<Record<string, Tensor | undefined>>;
}

// The config is the model's identity (saved runs rebuild from it), so nobody may edit it after the build.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Makes a Model whose forward checks `heads`, computes only what is asked and frees every intermediate. */
export function makeModel(parts: ModelParts): AecnnModel {
  const { kind, heads, run } = parts;
  const modules = Object.freeze({ ...parts.modules });
  return {
    kind,
    config: deepFreeze(parts.config),
    inputShape: Object.freeze([...parts.inputShape]),
    modules,
    heads: Object.freeze([...heads]),
    outputNames: Object.freeze([...heads]),
    lossNames: Object.freeze([]),
    forward(x, ctx, asked) {
      if (ctx == null || typeof ctx.training !== 'boolean') {
        throw new Error(
          `${kind}.forward(x, ctx): ctx.training must be true or false, got ${JSON.stringify(ctx)}`,
        );
      }
      if (asked !== undefined && !Array.isArray(asked)) {
        throw new Error(
          `${kind}.forward: heads must be a list like ['logits'], got ${JSON.stringify(asked)}`,
        );
      }
      const want = new Set<Head>(asked ?? heads);
      for (const h of want) {
        if (!heads.includes(h)) {
          throw new Error(
            `${kind}.forward: unknown head ${JSON.stringify(h)}; this model has ${heads.join(', ')}`,
          );
        }
      }
      if (want.size === 0)
        throw new Error(`${kind}.forward: heads is empty; ask for some of ${heads.join(', ')}`);
      return tidy(() => {
        const all = run(x, ctx, want);
        const out: Record<string, Tensor> = {};
        for (const h of heads) {
          const t = all[h];
          if (want.has(h) && t !== undefined) out[h] = t;
        }
        return out as Record<string, Tensor>;
      }) as ModelOutput;
    },
    summary: () =>
      `${kind} model, input [batch, ${parts.inputShape.join(', ')}], heads ${heads.join(', ')}\n${summary(modules)}`,
    paramCount: () => paramCount(modules),
  };
}
