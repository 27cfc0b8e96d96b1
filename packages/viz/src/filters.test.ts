import { decodePng } from '@aecnn/data';
import { describe, expect, it } from 'vitest';
import { featureMaps, filterGrid } from './filters.js';
import { viridis } from './palette.js';
import { svgTree } from './testing/svg-tree.js';
import type { XmlElement } from './testing/xml.js';

const pixelsOf = (img: XmlElement) =>
  decodePng(Uint8Array.from(Buffer.from(img.attrs.href!.split(',')[1]!, 'base64')));

describe('filters and feature maps', () => {
  it('draws one tile per filter, each stretched to its own range', () => {
    // kernel [2, 2, 1, 3]: filter f has values f * [0, 1, 2, 3] (+ offset), index ((y*2+x)*1+0)*3+f
    const data = new Float32Array(2 * 2 * 1 * 3);
    for (let p = 0; p < 4; p++) for (let f = 0; f < 3; f++) data[p * 3 + f] = (f + 1) * p - f;
    const t = svgTree(filterGrid({ data, shape: [2, 2, 1, 3] }));
    const tiles = t.cls('tile');
    expect(tiles).toHaveLength(3);
    expect(t.texts('caption')).toEqual(['0', '1', '2']);
    for (const tile of tiles) {
      const px = pixelsOf(tile);
      expect([px.data[0], px.data[4], px.data[8], px.data[12]]).toEqual([0, 85, 170, 255]);
    }
    expect(t.texts('title')[0]).toBe('Conv filters 2x2, 3 of 3');
  });

  it('shows 3-channel kernels as RGB and caps the count', () => {
    const data = new Float32Array(1 * 1 * 3 * 4);
    data.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]); // filter 0 = (1, 0, 0) = red; filter 1 = (0, 1, 0)
    const t = svgTree(filterGrid({ data, shape: [1, 1, 3, 4] }, { maxFilters: 2 }));
    expect(t.cls('tile')).toHaveLength(2);
    expect(Array.from(pixelsOf(t.cls('tile')[0]!).data)).toEqual([255, 0, 0, 255]);
    expect(Array.from(pixelsOf(t.cls('tile')[1]!).data)).toEqual([0, 255, 0, 255]);
  });

  it('draws one viridis tile per channel of a feature map', () => {
    const act = { data: Float32Array.from({ length: 3 * 3 * 5 }, (_, i) => i), shape: [1, 3, 3, 5] };
    const t = svgTree(featureMaps(act));
    expect(t.cls('tile')).toHaveLength(5);
    const px = pixelsOf(t.cls('tile')[0]!);
    expect(Array.from(px.data.subarray(0, 3))).toEqual([...viridis(0)]);
    expect(Array.from(px.data.subarray(32, 35))).toEqual([...viridis(1)]);
  });

  it('explains bad input', () => {
    expect(() => filterGrid([[1, 2]])).toThrow(
      'filterGrid: expected a conv kernel shaped [kh, kw, inChannels, filters], got [1, 2]',
    );
    expect(() => filterGrid({ data: new Float32Array(2), shape: [1, 1, 2, 1] }, { channel: 'rgb' })).toThrow(
      "filterGrid: channel 'rgb' needs 3 input channels, the kernel has 2",
    );
    expect(() => filterGrid({ data: new Float32Array(2), shape: [1, 1, 2, 1] }, { channel: 2 })).toThrow(
      "filterGrid: channel must be an integer in [0, 1], 'mean' or 'rgb'; got 2",
    );
    expect(() => featureMaps({ data: new Float32Array(8), shape: [2, 1, 2, 2] })).toThrow(
      'featureMaps: expected the activations of one input, [h, w, c] or [1, h, w, c], got [2, 1, 2, 2]',
    );
  });
});
