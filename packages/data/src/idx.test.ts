import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, parseIdxHeader } from './idx';

const images = { shape: [2, 2, 3], data: Uint8Array.from([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]) };
const labels = { shape: [2], data: Uint8Array.from([7, 9]) };

describe('encodeIdx / parseIdx', () => {
  it('writes the standard header: magic 2051, big-endian dims', () => {
    const bytes = encodeIdx(images);
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(bytes.length).toBe(16 + 12);
    expect(Array.from(encodeIdx(labels).subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 2]);
  });

  it('round-trips images and labels', () => {
    const back = parseIdx(encodeIdx(images), 'img', 'images');
    expect(back.shape).toEqual([2, 2, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(images.data));
    expect(Array.from(parseIdx(encodeIdx(labels), 'lab', 'labels').data)).toEqual([7, 9]);
  });

  it('accepts 4-d colour images (magic 2052) as images', () => {
    const rgb = { shape: [1, 1, 2, 3], data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    expect(parseIdx(encodeIdx(rgb), 'rgb', 'images').shape).toEqual([1, 1, 2, 3]);
  });

  it('rejects a data length that does not match the shape', () => {
    expect(() => encodeIdx({ shape: [2, 2], data: new Uint8Array(3) })).toThrow(
      'encodeIdx: shape [2, 2] needs 4 bytes, data has 3',
    );
  });
});

describe('parseIdx errors name the file and the problem', () => {
  it('labels file given as images and vice versa', () => {
    expect(() => parseIdx(encodeIdx(images), 't10k-labels-idx1-ubyte.gz', 'labels')).toThrow(
      't10k-labels-idx1-ubyte.gz: expected magic 2049, found 2051 (is this an image file?)',
    );
    expect(() => parseIdx(encodeIdx(labels), 'train-images-idx3-ubyte', 'images')).toThrow(
      'train-images-idx3-ubyte: expected magic 2051 or 2052, found 2049 (is this a labels file?)',
    );
  });

  it('not an IDX file at all', () => {
    const text = new TextEncoder().encode('label,pixel0\n1,2\n');
    expect(() => parseIdx(text, 'data.csv', 'images')).toThrow(
      /^data\.csv: expected magic 2051 or 2052, found \d+ \(not an IDX file\)$/,
    );
  });

  it('a non-byte element type', () => {
    const bytes = encodeIdx(labels);
    bytes[2] = 0x0d;
    expect(() => parseIdx(bytes, 'f.idx', 'labels')).toThrow(
      'f.idx: holds float32 data (type 0x0d); only unsigned-byte IDX (type 0x08) is supported',
    );
  });

  it('truncated header and truncated data', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'a', 'labels')).toThrow('a: truncated: 2 bytes, too short');
    expect(() => parseIdx(encodeIdx(images).subarray(0, 10), 'b', 'images')).toThrow(
      'b: truncated: the header of a 3-dimensional IDX file needs 16 bytes, found 10',
    );
    expect(() => parseIdx(encodeIdx(images).subarray(0, 16 + 7), 'c', 'images')).toThrow(
      'c: truncated: the header promises 2 items [2×2×3] (28 bytes), the file has 23 bytes (1 whole items)',
    );
  });

  it('bytes after the declared items', () => {
    const bytes = new Uint8Array(encodeIdx(labels).length + 3);
    bytes.set(encodeIdx(labels));
    expect(() => parseIdx(bytes, 'd', 'labels')).toThrow(
      'd: has 3 bytes after the 2 items [2] its header declares',
    );
  });

  it('gzip bytes handed to the raw parser', () => {
    expect(() => parseIdx(new Uint8Array(gzipSync(encodeIdx(labels))), 'e.gz')).toThrow(
      'e.gz: is gzip-compressed',
    );
  });

  it('an empty item shape', () => {
    expect(() =>
      parseIdxHeader(encodeIdx({ shape: [0, 0, 5], data: new Uint8Array(0) }), 'z', 'images'),
    ).toThrow('z: has an empty item shape [0, 5]');
  });
});
