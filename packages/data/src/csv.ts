import { checkKeys } from '@aecnn/layers';
import { Dataset } from './dataset';
import { DataFormatError } from './errors';
import { maybeGunzip } from './gzip';
import { inferClassCount } from './labels';
import type { DataIO, Source } from './source';

/** Options of `loadCsv`/`parseCsv`. */
export interface CsvOptions {
  /** Image height; default 28. */
  readonly height?: number;
  /** Image width; default 28. */
  readonly width?: number;
  /** Channels; default 1. */
  readonly channels?: number;
  /**
   * Whether the first column is the label. Default: from the header (`label` first), else from the column
   * count (h*w*c + 1 columns: labeled; h*w*c: unlabeled, like Kaggle's test.csv).
   */
  readonly labeled?: boolean;
  /** Number of classes; labels must lie in [0, numClasses). Default: largest label + 1. */
  readonly numClasses?: number;
  /** Names the data in errors; default `csv`. */
  readonly name?: string;
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const ZERO = 48;

/** Splits CSV bytes into lines (LF or CRLF), skipping empty ones; returns [start, end, lineNumber] triples. */
function lines(bytes: Uint8Array): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let start = 0;
  let lineNo = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === LF) {
      let end = i;
      if (end > start && bytes[end - 1] === CR) end--;
      if (end > start) out.push([start, end, lineNo]);
      start = i + 1;
      lineNo++;
    }
  }
  return out;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= ZERO && b <= ZERO + 9;
}

const CSV_KEYS = ['height', 'width', 'channels', 'labeled', 'numClasses', 'name'];

/**
 * Parses Kaggle-layout CSV bytes (`label,pixel0,...,pixel783`, header optional; every value an integer,
 * pixels 0..255) straight from bytes, without building strings per cell.
 */
export function parseCsv(bytes: Uint8Array, options: CsvOptions = {}): Dataset {
  checkKeys(options, CSV_KEYS, 'parseCsv');
  const name = options.name ?? 'csv';
  const height = options.height ?? 28;
  const width = options.width ?? 28;
  const channels = options.channels ?? 1;
  const px = height * width * channels;
  if (!Number.isInteger(px) || px <= 0) {
    throw new Error(
      `${name}: height, width and channels must be positive integers, got ${height}, ${width}, ${channels}`,
    );
  }
  const all = lines(bytes);
  if (all.length === 0) throw new DataFormatError(name, 'is empty (no lines)');
  const [s0, e0] = all[0]!;
  const firstIsHeader = !isDigit(bytes[s0]) && !(bytes[s0] === 45 && isDigit(bytes[s0 + 1]));
  let labeled = options.labeled;
  const header = firstIsHeader ? new TextDecoder().decode(bytes.subarray(s0, e0)) : undefined;
  const rows = firstIsHeader ? all.slice(1) : all;
  if (rows.length === 0) throw new DataFormatError(name, 'has a header but no data rows');
  const columns = (() => {
    const [s, e] = rows[0]!;
    let c = 1;
    for (let i = s; i < e; i++) if (bytes[i] === COMMA) c++;
    return c;
  })();
  if (labeled === undefined) {
    if (header !== undefined) labeled = /^\s*"?label"?\s*$/i.test(header.split(',')[0] ?? '');
    else labeled = columns === px + 1;
  }
  const expected = px + (labeled ? 1 : 0);
  const layout = `${labeled ? 'label + ' : ''}${px} pixels for ${height}×${width}×${channels} images`;
  if (header !== undefined) {
    const headerColumns = header.split(',').length;
    if (headerColumns !== expected) {
      throw new DataFormatError(
        name,
        `line 1 (header): expected ${expected} columns (${layout}), found ${headerColumns}`,
      );
    }
  }
  const n = rows.length;
  const images = new Uint8Array(n * px);
  const labels = labeled ? new Int32Array(n) : undefined;
  for (let r = 0; r < n; r++) {
    const [s, e, lineNo] = rows[r]!;
    let col = 0;
    let i = s;
    while (i <= e) {
      let v = 0;
      let digits = 0;
      const cellStart = i;
      while (i < e && bytes[i] !== COMMA) {
        const b = bytes[i]!;
        if (b < ZERO || b > ZERO + 9) {
          let cellEnd = i;
          while (cellEnd < e && bytes[cellEnd] !== COMMA) cellEnd++;
          const cell = new TextDecoder().decode(bytes.subarray(cellStart, cellEnd));
          throw new DataFormatError(
            name,
            `line ${lineNo}, column ${col + 1}: expected an integer ${labeled && col === 0 ? 'label' : 'pixel value 0..255'}, found "${cell}"`,
          );
        }
        v = v * 10 + (b - ZERO);
        digits++;
        i++;
      }
      if (digits === 0) throw new DataFormatError(name, `line ${lineNo}, column ${col + 1}: empty value`);
      if (col >= expected) break;
      if (labeled && col === 0) labels![r] = v;
      else {
        if (v > 255) {
          throw new DataFormatError(
            name,
            `line ${lineNo}, column ${col + 1}: pixel value ${v} is outside 0..255`,
          );
        }
        images[r * px + col - (labeled ? 1 : 0)] = v;
      }
      col++;
      i++;
    }
    let found = col;
    if (col >= expected && i <= e) {
      found = 1;
      for (let j = s; j < e; j++) if (bytes[j] === COMMA) found++;
    }
    if (found !== expected) {
      throw new DataFormatError(
        name,
        `line ${lineNo}: expected ${expected} columns (${layout}), found ${found}`,
      );
    }
  }
  const numClasses =
    labels && options.numClasses === undefined
      ? inferClassCount([{ labels, file: name, at: (i) => `line ${rows[i]![2]}` }])
      : options.numClasses;
  if (labels && options.numClasses !== undefined) {
    const bad = labels.findIndex((l) => l >= options.numClasses!);
    if (bad >= 0) {
      throw new DataFormatError(
        name,
        `line ${rows[bad]![2]}: label ${labels[bad]} is out of range [0, ${options.numClasses})`,
      );
    }
  }
  return Dataset.fromArrays({
    images,
    height,
    width,
    channels,
    ...(labels ? { labels, numClasses } : {}),
    name,
  });
}

/** `loadCsv` over a given I/O (web or Node). */
export async function loadCsvWith(io: DataIO, source: Source, options: CsvOptions = {}): Promise<Dataset> {
  checkKeys(options, CSV_KEYS, 'loadCsv');
  const { bytes, name } = await io.read(source, options.name ?? 'csv');
  const raw = await maybeGunzip(bytes, name, io.gunzip);
  return parseCsv(raw, { ...options, name });
}
