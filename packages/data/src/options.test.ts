import { useBackend } from '@aecnn/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { Dataset } from './dataset';
import { readIdxChunks } from './idx-stream';
import { loadCsv, loadIdx, loadIdxDir, loadImageFolder, mnist, writeIdx } from './node';
import { tinyImages } from './test-utils';

beforeAll(async () => {
  await useBackend('cpu');
});

// Every loader and view rejects a key it does not know (a typo would otherwise be silently ignored), naming the
// closest known key and all of them, before it reads anything.
describe('unknown options', () => {
  const { images, labels } = tinyImages(10, 4, 3, 3);
  const ds = Dataset.fromArrays({ images, labels, height: 4, width: 3, name: 'tiny' });

  it('loaders name the key, the closest known one and the accepted ones', async () => {
    await expect(loadIdx({ images: 'x', label: 'y' } as never)).rejects.toThrow(
      "loadIdx: unknown option 'label'; did you mean 'labels'? expected one of images, labels, numClasses",
    );
    await expect(loadCsv('x.csv', { hieght: 28 } as never)).rejects.toThrow(
      "loadCsv: unknown option 'hieght'; did you mean 'height'? expected one of height, width, channels, labeled, numClasses, name",
    );
    expect(() => parseCsv(new Uint8Array(0), { labelled: true } as never)).toThrow(
      "parseCsv: unknown option 'labelled'; did you mean 'labeled'? expected one of height, width, channels, labeled, numClasses, name",
    );
    await expect(mnist({ testsize: 100 } as never)).rejects.toThrow(
      "mnist: unknown option 'testsize'; did you mean 'testSize'? expected one of seed, testSize",
    );
    await expect(loadIdxDir('/nonexistent', { classes: 10 } as never)).rejects.toThrow(
      "loadIdxDir: unknown option 'classes'; expected one of numClasses",
    );
    await expect(loadImageFolder('/nonexistent', { channel: 3 } as never)).rejects.toThrow(
      "loadImageFolder: unknown option 'channel'; did you mean 'channels'? expected one of channels",
    );
    await expect(writeIdx('/nonexistent/x', ds.toIdx().images, { gzp: true } as never)).rejects.toThrow(
      "writeIdx: unknown option 'gzp'; did you mean 'gzip'? expected one of gzip",
    );
    const chunks = readIdxChunks((async function* () {})(), { itemsPerChunks: 2 } as never);
    await expect(chunks.next()).rejects.toThrow(
      "readIdxChunks: unknown option 'itemsPerChunks'; did you mean 'itemsPerChunk'? expected one of itemsPerChunk, name, kind",
    );
  });

  it('fromArrays, split, subsets and batches name the data set', () => {
    expect(() => Dataset.fromArrays({ images, height: 4, width: 3, label: labels } as never)).toThrow(
      "Dataset.fromArrays: unknown option 'label'; did you mean 'labels'? expected one of images, height, width, " +
        'channels, labels, numClasses, classNames, name',
    );
    expect(() => ds.split(0.5, { stratifed: false } as never)).toThrow(
      "tiny.split: unknown option 'stratifed'; did you mean 'stratified'? expected one of seed, stratified",
    );
    expect(() => ds.stratifiedSubset(1, { sed: 1 } as never)).toThrow(
      "tiny.stratifiedSubset: unknown option 'sed'; did you mean 'seed'? expected one of seed",
    );
    expect(() => ds.labeledUnlabeled({ labels: 3, seeds: 1 } as never)).toThrow(
      "tiny.labeledUnlabeled: unknown option 'seeds'; did you mean 'seed'? expected one of labels, seed",
    );
    expect(() => ds.batches({ batchSize: 2, suffle: true } as never).next()).toThrow(
      "tiny.batches: unknown option 'suffle'; did you mean 'shuffle'? expected one of batchSize, shuffle, seed, " +
        'epoch, dropRemainder',
    );
  });
});
