import { crc32, createDeflate } from 'node:zlib';
import { seededRandom } from '@aecnn/layers';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from './errors';
import { decodeImage } from './node/image-decode';
import { decodePng, encodePng } from './png';
import { MAX_MEGAPIXELS } from './png-guard';

// A known 2x2 image: red, green / blue, half-transparent grey.
const known = {
  width: 2,
  height: 2,
  data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 7, 8, 9, 100]),
};

/** A PNG chunk: length, type, body and CRC. */
function chunk(type: string, body: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** `png` with a chunk inserted right after IHDR (which always ends at byte 33). */
function withChunk(png: Uint8Array, type: string, body: number[]): Uint8Array {
  return Uint8Array.from([...png.subarray(0, 33), ...chunk(type, body), ...png.subarray(33)]);
}

const rgbaOf = (bytes: Uint8Array) => Array.from(decodePng(bytes).data);

describe('encodePng / decodePng', () => {
  it('a known 2x2 image decodes back to the same size and pixels (fast-png encoder)', () => {
    const back = decodePng(encodePng(known));
    expect([back.width, back.height]).toEqual([2, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(known.data));
  });

  it('the browser-safe encoder round-trips past one 64 KiB deflate block too', () => {
    const back = decodePng(encodePng(known));
    expect(Array.from(back.data)).toEqual(Array.from(known.data));
    const big = {
      width: 200,
      height: 120,
      data: Uint8ClampedArray.from({ length: 200 * 120 * 4 }, (_, i) => (i * 7) % 256),
    };
    const bigBack = decodePng(encodePng(big));
    expect([bigBack.width, bigBack.height]).toEqual([200, 120]);
    expect(Buffer.from(bigBack.data).equals(Buffer.from(big.data))).toBe(true);
  });

  it('rejects pixel buffers of the wrong size', () => {
    const bad = { width: 3, height: 2, data: new Uint8ClampedArray(16) };
    expect(() => encodePng(bad)).toThrow('encodePng: expected 3x2x4 = 24 bytes, got 16');
    expect(() => encodePng(bad)).toThrow(/expected 3x2x4 = 24 bytes, got 16/);
  });

  it('compresses: a flat 28x28 image takes far fewer bytes than its raw pixels', () => {
    const flat = { width: 28, height: 28, data: new Uint8ClampedArray(28 * 28 * 4).fill(200) };
    expect(encodePng(flat).length).toBeLessThan(28 * 28);
  });

  it('decodes grey, grey+alpha, RGB, 16-bit and palette PNGs to RGBA', () => {
    const grey = decodePng(encode({ width: 2, height: 1, data: Uint8Array.of(0, 200), channels: 1 }));
    expect(Array.from(grey.data)).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const ga = decodePng(encode({ width: 1, height: 1, data: Uint8Array.of(9, 50), channels: 2 }));
    expect(Array.from(ga.data)).toEqual([9, 9, 9, 50]);
    const rgb = decodePng(encode({ width: 1, height: 1, data: Uint8Array.of(1, 2, 3), channels: 3 }));
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 255]);
    // 16-bit: 0x00ff * 255 / 65535 = 0.992 -> 1 (rounded, not truncated to the high byte 0).
    const deep = encode({ width: 1, height: 1, data: Uint16Array.of(0x00ff), channels: 1, depth: 16 });
    expect(Array.from(decodePng(deep).data)).toEqual([1, 1, 1, 255]);
    // Transparent entry first: fast-png's encoder writes tRNS only for the entries before the first opaque one.
    const palette = [
      [40, 50, 60, 0],
      [10, 20, 30, 255],
    ];
    const pal = encode({ width: 2, height: 1, data: Uint8Array.of(0, 1), channels: 1, depth: 8, palette });
    expect(Array.from(decodePng(pal).data)).toEqual([40, 50, 60, 0, 10, 20, 30, 255]);
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(/decodePng: expected PNG bytes/);
  });

  it('unpacks 1-, 2- and 4-bit grey rows (byte-aligned per row) and scales v * 255 / (2^depth - 1)', () => {
    // 1 bit, 3x2: rows 1 0 1 -> 0b1010_0000, 0 1 1 -> 0b0110_0000 (each row pads to a whole byte).
    const one = encode({ width: 3, height: 2, data: Uint8Array.of(0xa0, 0x60), channels: 1, depth: 1 });
    expect(rgbaOf(one).filter((_, i) => i % 4 === 0)).toEqual([255, 0, 255, 0, 255, 255]);
    // 2 bits, 3x1: 0 1 3 -> 0b00_01_11_00; 1 * 255 / 3 = 85.
    const two = encode({ width: 3, height: 1, data: Uint8Array.of(0x1c), channels: 1, depth: 2 });
    expect(rgbaOf(two)).toEqual([0, 0, 0, 255, 85, 85, 85, 255, 255, 255, 255, 255]);
    // 4 bits, 3x1: 0 7 15 -> 0x07 0xf0; 7 * 255 / 15 = 119.
    const four = encode({ width: 3, height: 1, data: Uint8Array.of(0x07, 0xf0), channels: 1, depth: 4 });
    expect(rgbaOf(four)).toEqual([0, 0, 0, 255, 119, 119, 119, 255, 255, 255, 255, 255]);
  });

  it('decodes RGBA, 16-bit grey+alpha and RGB, and Adam7-interlaced 8-bit images', () => {
    const rgba = encode({ width: 1, height: 1, data: Uint8Array.of(1, 2, 3, 4), channels: 4 });
    expect(rgbaOf(rgba)).toEqual([1, 2, 3, 4]);
    // 0x8000 * 255 / 65535 = 127.502 -> 128; 0xffff -> 255.
    const ga16 = encode({
      width: 1,
      height: 1,
      data: Uint16Array.of(0x8000, 0xffff),
      channels: 2,
      depth: 16,
    });
    expect(rgbaOf(ga16)).toEqual([128, 128, 128, 255]);
    const rgb16 = encode({
      width: 1,
      height: 1,
      data: Uint16Array.of(0, 0x8000, 0xffff),
      channels: 3,
      depth: 16,
    });
    expect(rgbaOf(rgb16)).toEqual([0, 128, 255, 255]);
    const px = Uint8Array.from({ length: 9 * 9 * 3 }, (_, i) => (i * 5) % 256);
    const adam7 = encode({ width: 9, height: 9, data: px, channels: 3 }, { interlace: 'Adam7' });
    expect(adam7[28]).toBe(1);
    expect(rgbaOf(adam7).filter((_, i) => i % 4 !== 3)).toEqual(Array.from(px));
  });

  it('decodes 1-, 2- and 4-bit palette images', () => {
    const palette = [
      [0, 0, 0],
      [10, 20, 30],
      [40, 50, 60],
      [70, 80, 90],
    ];
    // 2 bits, 3x1: indices 3 0 2 -> 0b11_00_10_00.
    const two = encode({ width: 3, height: 1, data: Uint8Array.of(0xc8), channels: 1, depth: 2, palette });
    expect(rgbaOf(two)).toEqual([70, 80, 90, 255, 0, 0, 0, 255, 40, 50, 60, 255]);
    // 1 bit, 2x2: rows 1 0 and 0 1.
    const one = encode({
      width: 2,
      height: 2,
      data: Uint8Array.of(0x80, 0x40),
      channels: 1,
      depth: 1,
      palette,
    });
    expect(rgbaOf(one)).toEqual([10, 20, 30, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 255]);
    // 4 bits, 3x1: indices 2 1 3 -> 0x21 0x30.
    const four = encode({
      width: 3,
      height: 1,
      data: Uint8Array.of(0x21, 0x30),
      channels: 1,
      depth: 4,
      palette,
    });
    expect(rgbaOf(four)).toEqual([40, 50, 60, 255, 10, 20, 30, 255, 70, 80, 90, 255]);
  });

  it('makes the single tRNS colour of grey and RGB images transparent, (0, 0, 0, 0) as pngjs did', () => {
    const grey = encode({ width: 3, height: 1, data: Uint8Array.of(5, 7, 5), channels: 1 });
    expect(rgbaOf(withChunk(grey, 'tRNS', [0, 5]))).toEqual([0, 0, 0, 0, 7, 7, 7, 255, 0, 0, 0, 0]);
    // 1-bit grey: the key is compared with the raw sample (1), before scaling to 255.
    const bits = encode({ width: 2, height: 1, data: Uint8Array.of(0x80), channels: 1, depth: 1 });
    expect(rgbaOf(withChunk(bits, 'tRNS', [0, 1]))).toEqual([0, 0, 0, 0, 0, 0, 0, 255]);
    // NOTE: RGB images here have 3+ pixels: fast-png 8 refuses an RGB tRNS (3 values) on an image of 1 or 2 pixels.
    const rgb = encode({
      width: 3,
      height: 1,
      data: Uint8Array.of(200, 0, 0, 200, 0, 1, 0, 0, 200),
      channels: 3,
    });
    const rgbKeyed = rgbaOf(withChunk(rgb, 'tRNS', [0, 200, 0, 0, 0, 0]));
    expect(rgbKeyed).toEqual([0, 0, 0, 0, 200, 0, 1, 255, 0, 0, 200, 255]);
    const rgb16 = encode({
      width: 3,
      height: 1,
      data: Uint16Array.of(0x100, 2, 3, 0x100, 2, 4, 0, 0, 0),
      channels: 3,
      depth: 16,
    });
    expect(rgbaOf(withChunk(rgb16, 'tRNS', [1, 0, 0, 2, 0, 3]))).toEqual([
      0, 0, 0, 0, 1, 0, 0, 255, 0, 0, 0, 255,
    ]);
  });

  it('refuses images over 64 megapixels before decoding, and interlaced sub-byte ones, with clear errors', () => {
    const bomb = encode({ width: 1, height: 1, data: Uint8Array.of(0), channels: 1 });
    new DataView(bomb.buffer).setUint32(16, 10_000);
    new DataView(bomb.buffer).setUint32(20, 7_000);
    expect(() => decodePng(bomb)).toThrow(
      'decodePng: the image is 10000x7000 (70 megapixels); expected at most 64 megapixels (a guard against decompression bombs)',
    );
    expect(() => decodeImage('big.png', bomb)).toThrow(
      /^big\.png: not a valid PNG \(decodePng: the image is 10000x7000/,
    );
    const interlaced = encode({ width: 2, height: 1, data: Uint8Array.of(0x80), channels: 1, depth: 1 });
    interlaced[28] = 1;
    expect(() => decodePng(interlaced)).toThrow(
      'decodePng: expected a non-interlaced PNG for 1-bit samples, got an interlaced (Adam7) one; save it without interlacing',
    );
  });

  it('refuses pixel data that inflates far past the image size (a 1x1 image of 80 MB), before allocating it', async () => {
    const deflate = createDeflate({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on('data', (b: Buffer) => parts.push(b));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 80; i++) deflate.write(zeros);
    await new Promise((resolve) => deflate.end(resolve));
    const idat = Buffer.concat(parts);
    const one = encode({ width: 1, height: 1, data: Uint8Array.of(0), channels: 1 });
    const bomb = Uint8Array.from([...one.subarray(0, 33), ...chunk('IDAT', idat), ...chunk('IEND', [])]);
    expect(() => decodePng(bomb)).toThrow(
      "decodePng: the pixel data inflates past 1026 bytes, more than the image's size needs (a decompression bomb?)",
    );
    expect(MAX_MEGAPIXELS).toBe(64);
  });

  it('large noisy images, whose pixel data is checked by inflating it first, still decode (plain and Adam7)', () => {
    const random = seededRandom(7);
    const noise = Uint8Array.from({ length: 256 * 200 * 3 }, () => Math.floor(random() * 256));
    for (const interlace of ['null', 'Adam7'] as const) {
      const png = encode({ width: 256, height: 200, data: noise, channels: 3 }, { interlace });
      expect(png.length).toBeGreaterThan(70_000); // over the 64 MB / 1032 that triggers the check
      expect(rgbaOf(png).filter((_, i) => i % 4 !== 3)).toEqual(Array.from(noise));
    }
    const deep = Uint16Array.from({ length: 200 * 100 }, (_, i) => noise[i]! * 257);
    const png16 = encode({ width: 200, height: 100, data: deep, channels: 1, depth: 16 });
    expect(rgbaOf(png16).filter((_, i) => i % 4 === 0)).toEqual(Array.from(noise.subarray(0, 200 * 100)));
  });

  it('a broken file is a DataFormatError naming it through decodeImage (truncated, bad CRC, not a PNG)', () => {
    const good = encodePng(known);
    const crc = good.slice();
    crc[45] = crc[45]! ^ 0xff; // inside the first IDAT's data
    for (const bytes of [good.subarray(0, 40), crc, Buffer.from('not a png')]) {
      let err: unknown;
      try {
        decodeImage('d/x.png', bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataFormatError);
      expect((err as DataFormatError).file).toBe('d/x.png');
      expect((err as Error).message).toMatch(/^d\/x\.png: not a valid PNG \(decodePng: expected PNG bytes/);
    }
  });
});
