import { decodePng } from '@aecnn/data';
import { describe, expect, it } from 'vitest';
import { imageGrid } from './image-grid.js';
import { svgTree } from './testing/svg-tree.js';
import type { XmlElement } from './testing/xml.js';

const pixelsOf = (img: XmlElement) =>
  decodePng(Uint8Array.from(Buffer.from(img.attrs.href!.split(',')[1]!, 'base64')));

describe('imageGrid', () => {
  const n = 5;
  const gray = { data: Float32Array.from({ length: n * 4 * 4 }, (_, i) => (i % 16) / 15), shape: [n, 4, 4] };

  it('shows every row with one image per column, labels, and wrong predictions marked', () => {
    const t = svgTree(
      imageGrid({
        rows: [
          { title: 'original', images: gray },
          { title: 'noisy', images: { data: gray.data, shape: [n, 4, 4, 1] } },
          { title: 'reconstruction', images: gray },
        ],
        labels: [0, 1, 2, 3, 4],
        predictions: [0, 1, 5, 3, 4],
        classNames: ['a', 'b', 'c', 'd', 'e', 'f'],
        title: 'samples',
      }),
    );
    expect(t.cls('image')).toHaveLength(3 * n);
    expect(t.texts('row-title')).toEqual(['original', 'noisy', 'reconstruction', 'label', 'predicted']);
    expect(t.texts('label')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(t.texts('prediction')).toEqual(['a', 'b', 'f', 'd', 'e']);
    expect(t.texts('wrong')).toEqual(['f']);
    // the first image's top-left pixel is 0 (black), its last is 1 (white)
    const px = pixelsOf(t.cls('image')[0]!);
    expect([px.width, px.height]).toEqual([4, 4]);
    expect(Array.from(px.data.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(px.data.subarray(60, 64))).toEqual([255, 255, 255, 255]);
  });

  it('shows RGB images in colour, caps columns at maxImages, and can stretch each image', () => {
    const rgb = { data: Float32Array.from([1, 0, 0, 0, 0, 1, 0.5, 0.5, 0.5]), shape: [3, 1, 1, 3] };
    const t = svgTree(imageGrid({ rows: [{ title: 'rgb', images: rgb }], maxImages: 2 }));
    const imgs = t.cls('image');
    expect(imgs).toHaveLength(2);
    expect(Array.from(pixelsOf(imgs[0]!).data)).toEqual([255, 0, 0, 255]);
    expect(Array.from(pixelsOf(imgs[1]!).data)).toEqual([0, 0, 255, 255]);
    const bytes = pixelsOf(
      svgTree(imageGrid({ rows: [{ title: 'b', images: { data: [0, 51, 255], shape: [1, 1, 3] } }] })).cls(
        'image',
      )[0]!,
    );
    expect([bytes.data[0], bytes.data[4], bytes.data[8]]).toEqual([0, 51, 255]);
    const wide = { data: Float32Array.from([-2, 6]), shape: [1, 1, 2] };
    const auto = pixelsOf(
      svgTree(imageGrid({ rows: [{ title: 'x', images: wide }], range: 'auto' })).cls('image')[0]!,
    );
    expect([auto.data[0], auto.data[4]]).toEqual([0, 255]);
  });

  it('explains bad input', () => {
    expect(() => imageGrid({ rows: [] })).toThrow('imageGrid: expected at least one row of images, got none');
    expect(() =>
      imageGrid({
        rows: [
          { title: 'o', images: gray },
          { title: 'r', images: { data: gray.data.slice(16), shape: [4, 4, 4] } },
        ],
      }),
    ).toThrow("imageGrid: every row needs the same number of images; 'o' has 5, 'r' has 4");
    expect(() =>
      imageGrid({
        rows: [{ title: 'o', images: { data: new Float32Array(2 * 4 * 4 * 2), shape: [2, 4, 4, 2] } }],
      }),
    ).toThrow(
      "imageGrid: row 'o': expected images shaped [h, w], [n, h, w] or [n, h, w, c] with c = 1 or 3, got [2, 4, 4, 2]",
    );
    expect(() => imageGrid({ rows: [{ title: 'o', images: gray }], labels: [1, 2] })).toThrow(
      'imageGrid: labels has 2 entries but there are 5 images',
    );
  });
});
