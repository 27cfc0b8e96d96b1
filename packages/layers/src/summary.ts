import { isGraphModule } from './graph-module';
import { graphSummary } from './graph-summary';
import type { Module } from './module';
import { isModule, type ModuleTree, paramCount } from './params';

interface Row {
  path: string;
  kind: string;
  shape: string;
  params: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const keras = (shape: readonly number[]) => `(None, ${shape.join(', ')})`;

function rows(m: Module, path: string, out: Row[]): void {
  const own = Object.values(m.params).reduce((n, v) => n + v.size, 0);
  const children = Object.entries(m.children);
  // Keras lists the layers that compute; containers show through their children's paths.
  if (children.length === 0 || own > 0)
    out.push({ path: path || m.kind, kind: m.kind, shape: keras(m.outputShape), params: own });
  for (const [name, child] of children) rows(child, path ? `${path}/${name}` : name, out);
}

/**
 * A Keras-style table: layer path, kind, output shape and parameter count, then total, trainable and
 * non-trainable counts. Shared modules are listed under each name but counted once. A graph lists its layers
 * with what each is connected to.
 */
export function summary(root: ModuleTree): string {
  if (isGraphModule(root)) return graphSummary(root);
  const out: Row[] = [];
  if (isModule(root)) rows(root, '', out);
  else for (const [name, m] of Object.entries(root)) rows(m, name, out);
  const head: Row = { path: 'Layer (path)', kind: 'Kind', shape: 'Output shape', params: 0 };
  const w = [
    Math.max(head.path.length, ...out.map((r) => r.path.length)),
    Math.max(head.kind.length, ...out.map((r) => r.kind.length)),
    Math.max(head.shape.length, ...out.map((r) => r.shape.length)),
    Math.max(7, ...out.map((r) => fmt(r.params).length)),
  ];
  const line = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c.padEnd(w[2]!)}  ${d.padStart(w[3]!)}`;
  const rule = '─'.repeat(w.reduce((a, b) => a + b, 6));
  return [
    line(head.path, head.kind, head.shape, 'Param #'),
    rule,
    ...out.map((r) => line(r.path, r.kind, r.shape, fmt(r.params))),
    rule,
    `Total params: ${fmt(paramCount(root))}`,
    `Trainable params: ${fmt(paramCount(root, 'trainable'))}`,
    `Non-trainable params: ${fmt(paramCount(root, 'nonTrainable'))}`,
  ].join('\n');
}
