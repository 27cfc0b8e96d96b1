import type { Variable } from '@tensorflow/tfjs-core';
import type { Module } from './module';
import { isStatistic } from './param';

/** A module, or named modules (a model's `modules`, e.g. { encoder, decoder }) whose names prefix the paths. */
export type ModuleTree = Module | Readonly<Record<string, Module>>;

/** Whether `x` is a built Module rather than a record of them. */
export function isModule(x: unknown): x is Module {
  return x != null && typeof (x as Module).apply === 'function' && typeof (x as Module).params === 'object';
}

function walk(m: Module, prefix: string, out: Map<string, Variable>, seen: Set<Variable>): void {
  for (const [name, v] of Object.entries(m.params)) {
    // A module shared by two heads appears twice in the tree; its Variables are listed once, under the first path.
    if (seen.has(v)) continue;
    seen.add(v);
    out.set(prefix ? `${prefix}/${name}` : name, v);
  }
  for (const [name, child] of Object.entries(m.children))
    walk(child, prefix ? `${prefix}/${name}` : name, out, seen);
}

/** Every parameter by hierarchical path (`encoder/block1/conv/kernel`), in build order, shared ones once. */
export function namedParams(root: ModuleTree): Map<string, Variable> {
  const out = new Map<string, Variable>();
  const seen = new Set<Variable>();
  if (isModule(root)) walk(root, '', out, seen);
  else if (root != null && typeof root === 'object') {
    for (const [name, m] of Object.entries(root)) {
      if (!isModule(m)) throw new Error(`namedParams: '${name}' is not a built module`);
      walk(m, name, out, seen);
    }
  } else throw new Error(`namedParams: expected a module or a record of modules, got ${typeof root}`);
  return out;
}

/** The Variables an optimizer should update: trainable ones, not frozen, no batch-norm statistics. */
export function trainableVariables(root: ModuleTree): Variable[] {
  return [...namedParams(root).values()].filter((v) => v.trainable);
}

/** Number of scalar parameters: all (default, as Keras's "Total params"), trainable or non-trainable only. */
export function paramCount(root: ModuleTree, which: 'all' | 'trainable' | 'nonTrainable' = 'all'): number {
  let n = 0;
  for (const v of namedParams(root).values()) {
    if (which === 'all' || (which === 'trainable') === v.trainable) n += v.size;
  }
  return n;
}

/** Freezes (or with `frozen = false` unfreezes) every weight below `root`; batch-norm statistics stay non-trainable. */
export function freeze<T extends ModuleTree>(root: T, frozen = true): T {
  for (const v of namedParams(root).values()) {
    if (!isStatistic(v)) v.trainable = !frozen;
  }
  return root;
}

/** Frees every Variable below `root` (shared ones once); the modules must not be used afterwards. */
export function disposeParams(root: ModuleTree): void {
  for (const v of namedParams(root).values()) v.dispose();
}
