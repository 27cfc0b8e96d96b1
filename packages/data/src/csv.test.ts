import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { loadCsv } from './node';

const enc = (s: string) => new TextEncoder().encode(s);
const opts = { height: 2, width: 2, name: 'train.csv' };

describe('parseCsv', () => {
  it('refuses labels that skip classes unless numClasses says how many there are', () => {
    const rows = ['0,1,1,1,1', '1,1,1,1,1', '2,1,1,1,1', '200,1,1,1,1', '1,1,1,1,1'].join('\n');
    expect(() => parseCsv(enc(`label,a,b,c,d\n${rows}\n`), opts)).toThrow(
      'train.csv: line 5: label 200 makes 201 classes, but 197 of them (3 first) have no image (4 distinct labels, largest 200); labels must be 0..K-1 with every class present, or give the class count (numClasses; --classes N in the aecnn CLI)',
    );
    expect(parseCsv(enc(rows), { ...opts, numClasses: 201 }).numClasses).toBe(201);
    expect(() => parseCsv(enc(rows), { ...opts, numClasses: 10 })).toThrow(
      'train.csv: line 4: label 200 is out of range [0, 10)',
    );
    expect(parseCsv(enc('1,1,1,1,1\n0,0,0,0,0\n'), opts).numClasses).toBe(2);
  });

  it('reads the Kaggle layout with a header', () => {
    const ds = parseCsv(enc('label,pixel0,pixel1,pixel2,pixel3\n3,0,255,128,7\n1,1,2,3,4\n'), {
      ...opts,
      numClasses: 4,
    });
    expect([ds.size, ds.numClasses, ds.hasLabels]).toEqual([2, 4, true]);
    expect(Array.from(ds.image(0))).toEqual([0, 255, 128, 7]);
    expect(Array.from(ds.labels())).toEqual([3, 1]);
  });

  it('reads it without a header and with CRLF line ends and no final newline', () => {
    const ds = parseCsv(enc('3,0,255,128,7\r\n1,1,2,3,4'), { ...opts, numClasses: 4 });
    expect(Array.from(ds.image(1))).toEqual([1, 2, 3, 4]);
    expect(Array.from(ds.labels())).toEqual([3, 1]);
  });

  it('reads unlabeled files (Kaggle test.csv) by header or column count', () => {
    const withHeader = parseCsv(enc('pixel0,pixel1,pixel2,pixel3\n9,8,7,6\n'), opts);
    expect([withHeader.hasLabels, withHeader.image(0)[0]]).toEqual([false, 9]);
    expect(parseCsv(enc('9,8,7,6\n'), opts).hasLabels).toBe(false);
    expect(parseCsv(enc('9,8,7,6,5\n'), { ...opts, labeled: true, numClasses: 10 }).labels()[0]).toBe(9);
  });

  it('reads gzipped CSV through loadCsv', async () => {
    const ds = await loadCsv(
      { data: new Uint8Array(gzipSync('1,0,0,0,0\n0,1,1,1,1\n')), name: 'x.csv.gz' },
      { height: 2, width: 2 },
    );
    expect(ds.size).toBe(2);
  });

  it('names the file, line and column of bad cells', () => {
    expect(() => parseCsv(enc('label,a,b,c,d\n1,2,3,4\n'), opts)).toThrow(
      'train.csv: line 2: expected 5 columns (label + 4 pixels for 2×2×1 images), found 4',
    );
    expect(() => parseCsv(enc('1,2,3,4,5\n1,2,3,4,5,6\n'), opts)).toThrow(
      'train.csv: line 2: expected 5 columns',
    );
    expect(() => parseCsv(enc('1,2,3,4,5\n1,2,3.5,4,5\n'), opts)).toThrow(
      'train.csv: line 2, column 3: expected an integer pixel value 0..255, found "3.5"',
    );
    expect(() => parseCsv(enc('1,2,300,4,5\n'), opts)).toThrow(
      'train.csv: line 1, column 3: pixel value 300 is outside 0..255',
    );
    expect(() => parseCsv(enc('x,2,3,4,5\n'), opts)).toThrow('train.csv: has a header but no data rows');
    expect(() => parseCsv(enc('1,2,,4,5\n'), opts)).toThrow('train.csv: line 1, column 3: empty value');
    expect(() => parseCsv(enc('label,a,b\n1,2,3\n'), opts)).toThrow(
      'train.csv: line 1 (header): expected 5 columns (label + 4 pixels for 2×2×1 images), found 3',
    );
    expect(() => parseCsv(enc('11,2,3,4,5\n'), { ...opts, numClasses: 10 })).toThrow(
      'train.csv: line 1: label 11 is out of range [0, 10)',
    );
    expect(() => parseCsv(enc(''), opts)).toThrow('train.csv: is empty (no lines)');
  });
});
