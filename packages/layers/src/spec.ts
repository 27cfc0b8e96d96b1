import type { Module, Shape } from './module';

/** Where a module is being built: its display path, its seed key, and the build's root seed. */
export interface BuildContext {
  /** Path for messages, root name included: `encoder/block1/conv`. */
  readonly path: string;
  /** Path below the root (no root name), from which parameter seeds derive, so renaming the root keeps weights. */
  readonly key: string;
  /** Root seed of this build. */
  readonly seed: number;
}

/** An unbuilt layer: its kind, its normalised options, and how to build it for an input shape. */
export interface LayerSpec<O extends object = object> {
  /** Layer kind (`conv2d`, `sequential`, ...); also the `kind` of its config. */
  readonly kind: string;
  /** Normalised options (defaults filled in); the module's config is `{ kind, ...options }`. */
  readonly options: Readonly<O>;
  /** Output shape (no batch) for an input shape (no batch), without building; throws on a bad shape. */
  outputShape(inputShape: Shape): Shape;
  /** Builds the module (creates its Variables) for an input shape without batch. */
  build(inputShape: Shape, ctx: BuildContext): Module;
}

/** Context for a child named `name` of the module built in `ctx`. */
export function childContext(ctx: BuildContext, name: string): BuildContext {
  return {
    path: ctx.path ? `${ctx.path}/${name}` : name,
    key: ctx.key ? `${ctx.key}/${name}` : name,
    seed: ctx.seed,
  };
}

/** Options every layer factory accepts. */
export interface NameOption {
  /** Local name of the layer inside its parent (default: kind plus a counter, e.g. `conv2d1`). */
  name?: string;
}

/** Throws unless `name` is a usable path segment. */
export function checkName(name: unknown, kind: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new Error(
      `${kind}: name must be letters, digits, '_', '.' or '-' (no '/'), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
