import { decodePng } from '@aecnn/data';
import { describe, expect, it } from 'vitest';
import type { Scene } from './scene.js';
import { svgTree } from './testing/svg-tree.js';

const px2x2 = {
  width: 2,
  height: 2,
  data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 128]),
};

const scene: Scene = {
  width: 100,
  height: 50,
  background: '#ffffff',
  title: 'a <title> & "quotes"',
  marks: [
    { type: 'rect', cls: 'r', x: 1, y: 2, w: 3, h: 4, fill: '#000000', stroke: '#ff0000' },
    { type: 'line', x1: 0, y1: 0, x2: 10, y2: 10, stroke: '#000000', dash: [2, 2] },
    { type: 'polyline', cls: 'series', points: [0, 0, 5, 5, 10, 0], stroke: '#0072B2' },
    { type: 'circle', cls: 'point', cx: 5, cy: 5, r: 2, fill: '#E69F00', opacity: 0.5 },
    { type: 'polygon', cls: 'point', points: [0, 0, 2, 0, 1, 2], fill: '#009E73' },
    {
      type: 'text',
      cls: 'label',
      x: 50,
      y: 25,
      text: "x < y && 'z'",
      size: 12,
      anchor: 'middle',
      rotate: -90,
      bold: true,
    },
    { type: 'image', cls: 'image', x: 0, y: 0, w: 20, h: 20, image: px2x2 },
  ],
};

describe('toSvg', () => {
  it('writes well-formed SVG with one element per mark, classes and escaped text', () => {
    const t = svgTree(scene);
    expect(t.root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(t.root.attrs.viewBox).toBe('0 0 100 50');
    expect(t.root.children.map((c) => c.name)).toEqual([
      'title',
      'rect',
      'rect',
      'line',
      'polyline',
      'circle',
      'polygon',
      'text',
      'image',
    ]);
    expect(t.root.children[0]!.text).toBe('a <title> & "quotes"');
    expect(t.texts('label')).toEqual(["x < y && 'z'"]);
    expect(t.cls('point')).toHaveLength(2);
    expect(t.cls('label')[0]!.attrs.transform).toBe('rotate(-90 50 25)');
    expect(t.root.children[3]!.attrs['stroke-dasharray']).toBe('2 2');
  });

  it('inlines images as PNG data URIs that decode to the same pixels', () => {
    const href = svgTree(scene).cls('image')[0]!.attrs.href!;
    expect(href.startsWith('data:image/png;base64,')).toBe(true);
    const png = decodePng(
      Uint8Array.from(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64')),
    );
    expect([png.width, png.height]).toEqual([2, 2]);
    expect(Array.from(png.data)).toEqual(Array.from(px2x2.data));
  });
});
