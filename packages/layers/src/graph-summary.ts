import type { GraphModule, GraphRef } from './graph-types';
import type { Module, Shape } from './module';
import { paramCount } from './params';

const fmt = (n: number) => n.toLocaleString('en-US');
const keras = (shape: Shape) => `(None${shape.map((d) => `, ${d}`).join('')})`;

// The computing layers inside a container node (a sequential, a block), one row each under the node's row.
function innerRows(m: Module, path: string, out: string[][]): void {
  for (const [name, child] of Object.entries(m.children)) {
    const at = `${path}/${name}`;
    const own = Object.values(child.params).reduce((n, v) => n + v.size, 0);
    if (Object.keys(child.children).length === 0 || own > 0)
      out.push([at, child.kind, keras(child.outputShape), fmt(own), '']);
    if (child.kind !== 'graph') innerRows(child, at, out);
  }
}

/** How a value is named in summaries and messages: `image`, `conv2d1`, `conv2d1#1`, `encoder.mean`. */
export function refLabel(ref: GraphRef): string {
  if ('input' in ref) return ref.input;
  const { call, output } = ref;
  return `${call.layer.name}${call.index ? `#${call.index}` : ''}${output !== undefined ? `.${output}` : ''}`;
}

/**
 * A Keras-style table of a functional model: every input and layer with its kind, output shape, parameter count
 * and what it is connected to (`conv2d1#1` is a shared layer's second call), the layers inside a container node
 * under it (`encoder/conv1`), then the totals.
 */
export function graphSummary(g: GraphModule): string {
  const { def } = g;
  const rows: string[][] = def.inputs.map(({ name, shape }) => [name, 'input', keras(shape), '0', '']);
  for (const layer of def.layers) {
    const child = g.children[layer.name]!;
    const shapes =
      'outputShapes' in child ? Object.values((child as GraphModule).outputShapes) : [child.outputShape];
    rows.push([
      layer.name,
      child.kind,
      shapes.map(keras).join(' '),
      fmt(paramCount(child)),
      layer.calls.map((c) => c.inputs.map(refLabel).join(', ')).join('; '),
    ]);
    if (child.kind !== 'graph') innerRows(child, layer.name, rows);
  }
  const ends = [
    ...Object.entries(def.outputs).map(([n, r]) => `${n} ← ${refLabel(r)}`),
    ...Object.entries(def.losses).map(([n, r]) => `${n} ← ${refLabel(r)} (added loss)`),
  ];
  const head = ['Layer (name)', 'Kind', 'Output shape', 'Param #', 'Connected to'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 3 ? c.padStart(w[i]!) : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(w.reduce((a, b) => a + b, 8));
  return [
    `graph${def.name ? ` ${def.name}` : ''}: inputs ${def.inputs.map((i) => i.name).join(', ')}`,
    line(head),
    rule,
    ...rows.map(line),
    rule,
    `Outputs: ${ends.join(', ')}`,
    `Total params: ${fmt(paramCount(g))}`,
    `Trainable params: ${fmt(paramCount(g, 'trainable'))}`,
    `Non-trainable params: ${fmt(paramCount(g, 'nonTrainable'))}`,
  ].join('\n');
}
