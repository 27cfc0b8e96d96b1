import { DataFormatError, fmt } from './errors';

/** An IDX array: unsigned bytes with a shape, e.g. images [60000, 28, 28] or labels [60000]. */
export interface IdxArray {
  /** Dimensions, outermost first (the first is the item count). */
  readonly shape: readonly number[];
  /** The items, row-major, one byte each. */
  readonly data: Uint8Array;
}

/** Magic number of an unsigned-byte IDX file with `ndims` dimensions: 2049 for labels, 2051 for images. */
export function idxMagic(ndims: number): number {
  return 0x0800 + ndims;
}

const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

/** What an IDX file is expected to hold; the magic number follows from it. */
export type IdxKind = 'images' | 'labels';

/** Dimensions of the IDX header (magic, then one uint32 per dimension). */
export interface IdxHeader {
  readonly magic: number;
  readonly shape: readonly number[];
  /** Bytes taken by the header: 4 + 4 * ndims. */
  readonly headerBytes: number;
  /** Bytes of one item (product of all dimensions but the first). */
  readonly itemBytes: number;
}

function kindHint(ndims: number): string {
  if (ndims === 1) return ' (is this a labels file?)';
  if (ndims === 3 || ndims === 4) return ' (is this an image file?)';
  return '';
}

/**
 * Parses and checks an IDX header from the first bytes of a file (at least 4 + 4 * ndims of them).
 * `kind` checks the magic: images are [n, h, w] (2051) or [n, h, w, c] (2052), labels are [n] (2049).
 */
export function parseIdxHeader(bytes: Uint8Array, name: string, kind?: IdxKind): IdxHeader {
  if (bytes.length < 4) {
    throw new DataFormatError(
      name,
      `truncated: ${bytes.length} bytes, too short for an IDX header (4+ bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataFormatError(name, 'is gzip-compressed; decompress it first (the loaders do this for you)');
  }
  const type = bytes[2]!;
  const ndims = bytes[3]!;
  const expected = kind === 'labels' ? [2049] : kind === 'images' ? [2051, 2052] : undefined;
  if (bytes[0] !== 0 || bytes[1] !== 0 || ndims === 0) {
    const want = expected
      ? `magic ${expected.join(' or ')}`
      : 'an IDX magic number (0x0000 then type and ndims)';
    throw new DataFormatError(name, `expected ${want}, found ${magic} (not an IDX file)`);
  }
  if (type !== 0x08) {
    const typeName = TYPE_NAMES[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new DataFormatError(
      name,
      `holds ${typeName} data (type 0x${type.toString(16).padStart(2, '0')}); only unsigned-byte IDX (type 0x08) is supported`,
    );
  }
  if (expected && !expected.includes(magic)) {
    throw new DataFormatError(
      name,
      `expected magic ${expected.join(' or ')}, found ${magic}${kindHint(ndims)}`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFormatError(
      name,
      `truncated: the header of a ${ndims}-dimensional IDX file needs ${headerBytes} bytes, found ${bytes.length}`,
    );
  }
  const shape: number[] = [];
  for (let d = 0; d < ndims; d++) shape.push(view.getUint32(4 + 4 * d, false));
  let itemBytes = 1;
  for (let d = 1; d < ndims; d++) itemBytes *= shape[d]!;
  if (ndims > 1 && itemBytes === 0) {
    throw new DataFormatError(name, `has an empty item shape [${shape.slice(1).join(', ')}]`);
  }
  return { magic, shape, headerBytes, itemBytes };
}

/** Parses an uncompressed IDX file and checks that its size matches its header exactly. */
export function parseIdx(bytes: Uint8Array, name: string, kind?: IdxKind): IdxArray {
  const header = parseIdxHeader(bytes, name, kind);
  const n = header.shape[0]!;
  const expected = header.headerBytes + n * header.itemBytes;
  const dims = header.shape.join('×');
  if (bytes.length < expected) {
    const whole = Math.floor((bytes.length - header.headerBytes) / header.itemBytes);
    throw new DataFormatError(
      name,
      `truncated: the header promises ${fmt(n)} items [${dims}] (${fmt(expected)} bytes), the file has ${fmt(bytes.length)} bytes (${fmt(whole)} whole items)`,
    );
  }
  if (bytes.length > expected) {
    throw new DataFormatError(
      name,
      `has ${fmt(bytes.length - expected)} bytes after the ${fmt(n)} items [${dims}] its header declares (${fmt(expected)} bytes expected); wrong header or two files concatenated?`,
    );
  }
  return { shape: header.shape, data: bytes.subarray(header.headerBytes, expected) };
}

/** Encodes an unsigned-byte IDX file (uncompressed); the inverse of `parseIdx`. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { shape, data } = array;
  if (shape.length === 0 || shape.length > 255) {
    throw new Error(`encodeIdx: expected 1 to 255 dimensions, got shape [${shape.join(', ')}]`);
  }
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new Error(`encodeIdx: dimensions must be integers in [0, 2^32), got shape [${shape.join(', ')}]`);
    }
    size *= d;
  }
  if (data.length !== size) {
    throw new Error(
      `encodeIdx: shape [${shape.join(', ')}] needs ${fmt(size)} bytes, data has ${fmt(data.length)}`,
    );
  }
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, idxMagic(shape.length), false);
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, headerBytes);
  return out;
}
