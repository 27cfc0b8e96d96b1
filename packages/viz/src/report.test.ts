import { describe, expect, it } from 'vitest';
import { imageRows } from './image-grid.js';
import { metricColumns } from './metric-curves.js';
import { type RunReport, report } from './report.js';
import { byClass, parseXml } from './testing/xml.js';

const run: RunReport = {
  title: 'conv-ae <test>',
  settings: { model: 'conv-ae', latentDim: 8, optimizer: { name: 'adam', lr: 0.001 } },
  history: {
    epoch: [1, 2, 3],
    loss: [0.5, 0.3, 0.2],
    val_loss: [0.55, 0.35, 0.3],
    accuracy: [0.5, 0.7, 0.8],
    val_accuracy: [0.45, 0.6, 0.75],
    lr: [1e-3, 5e-4, 1e-4],
  },
  steps: [
    { step: 1, loss: 0.9 },
    { step: 2, loss: 0.7 },
  ],
  test: { loss: 0.21, accuracy: 0.78 },
  classNames: ['a', 'b'],
  samples: {
    original: { data: new Float32Array(3 * 4 * 4).fill(0.5), shape: [3, 4, 4] },
    corrupted: { data: new Float32Array(3 * 4 * 4).fill(0.2), shape: [3, 4, 4, 1] },
    reconstruction: { data: new Float32Array(3 * 4 * 4).fill(0.4), shape: [3, 4, 4] },
    labels: [0, 1, 0],
    predictions: [0, 0, 0],
  },
  confusion: [
    [2, 0],
    [1, 0],
  ],
  latent: {
    codes: { data: Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)), shape: [4, 3] },
    labels: [0, 1, 0, 1],
  },
  filters: [
    {
      name: 'encoder/conv1/kernel',
      kernel: { data: new Float32Array(3 * 3 * 1 * 4).map((_, i) => i), shape: [3, 3, 1, 4] },
    },
  ],
  featureMaps: [
    {
      name: 'encoder/conv1',
      activation: { data: new Float32Array(4 * 4 * 2).map((_, i) => i), shape: [4, 4, 2] },
    },
  ],
  createdAt: '2026-01-02T03:04:05Z',
};

describe('report', () => {
  it('is one self-contained page with every section, each figure well-formed SVG', () => {
    const html = report(run);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // no scripts, no external resources: the only URL is the SVG namespace
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html.match(/https?:\/\/[^"]+/g)?.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    for (const id of [
      'settings',
      'test',
      'curves',
      'metrics',
      'steps',
      'samples',
      'confusion',
      'latent',
      'filters',
      'feature-maps',
    ]) {
      expect(html).toContain(`<h2 id="${id}">`);
    }
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    // curves: loss, accuracy, lr; steps: loss; + grid, confusion, latent, filters, feature maps
    expect(svgs).toHaveLength(9);
    const trees = svgs.map((s) => parseXml(s));
    expect(byClass(trees[4]!, 'image')).toHaveLength(9);
    expect(byClass(trees[5]!, 'cell')).toHaveLength(4);
    expect(byClass(trees[6]!, 'point')).toHaveLength(4);
    expect(html).toContain('<title>conv-ae &lt;test&gt;</title>');
    expect(html).toContain('<td>optimizer.lr</td><td>0.001</td>');
    expect(html).toContain('<td>accuracy</td><td>0.78</td>');
    expect(html).toContain('2026-01-02T03:04:05Z');
  });

  it('the metrics table has one row per epoch and one number style per column', () => {
    const html = report({ history: run.history! });
    const table = html.slice(
      html.indexOf('<table class="metrics">'),
      html.indexOf('</table>', html.indexOf('<table class="metrics">')),
    );
    expect(table.match(/<tr>/g)).toHaveLength(4);
    expect(table).toContain(
      '<th>epoch</th><th>loss</th><th>val_loss</th><th>accuracy</th><th>val_accuracy</th><th>lr</th>',
    );
    expect(table).toContain('<td>3</td><td>0.2</td><td>0.3</td><td>0.8</td><td>0.75</td><td>1.000e-4</td>');
  });

  it('an empty run is still a valid page; history rows and columns agree', () => {
    expect(report({})).toContain('<h1>Training report</h1>');
    expect(metricColumns([{ epoch: 1, loss: 2 }, { epoch: 2 }], 'h')).toEqual({
      epoch: [1, 2],
      loss: [2, Number.NaN],
    });
    expect(() => metricColumns({ loss: [1, 2], acc: [1] }, 'report: history')).toThrow(
      "report: history: metric 'acc' has 1 entries but 'loss' has 2",
    );
    expect(() => report(null as never)).toThrow('report: expected a run object, got null');
  });

  it('images: one grid per entry, rows of `columns`, a short last row padded with blank cells', () => {
    const five = { data: new Float32Array(5 * 2 * 2).fill(0.5), shape: [5, 2, 2] };
    const html = report({
      images: [{ title: 'Samples', images: five, columns: 2, caption: 'from the prior' }],
    });
    expect(html).toContain('<h2 id="images">Generated images</h2>');
    expect(html).toContain('from the prior');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(1);
    // 3 rows of 2 cells: the sixth is blank
    expect(byClass(parseXml(svgs[0]!), 'image')).toHaveLength(6);
    const rows = imageRows(five, 2);
    expect(rows.map((r) => r.images)).toHaveLength(3);
    expect(Array.from(rows[2]!.images.data)).toEqual([0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0]);
    expect(() => imageRows(five, 0)).toThrow('imageRows: columns must be a whole number >= 1, got 0');
    expect(() => report({ images: [{ title: 't', images: five, colums: 2 } as never] })).toThrow('images[0]');
  });
});
