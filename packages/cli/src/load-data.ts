import type { Dataset } from '@aecnn/data';
import { type ImageFolderOptions, loadCsv, loadIdxDir, loadImageFolder, mnist } from '@aecnn/data/node';
import { type DataSpec, formatDataSpec } from './data-spec';
import { UsageError } from './errors';

/** Training images plus the images a run is evaluated on. */
export interface RunData {
  /** Training images (limited and partially labeled as asked). */
  readonly train: Dataset;
  /** Evaluation images, all labeled. */
  readonly test: Dataset;
  /** Where the evaluation images come from, for reports. */
  readonly testSource: string;
}

/** Options of loadRunData. */
export interface LoadRunDataOptions {
  readonly data: DataSpec;
  readonly testData?: DataSpec;
  readonly limit?: number;
  readonly labels?: number;
  /** --classes: the class count of an idx or csv source; mnist and image folders must agree with their own. */
  readonly classes?: number;
  /** --channels and --size of an image folder. */
  readonly channels?: 1 | 3;
  readonly size?: { height: number; width: number };
  readonly seed: number;
  /** Receives notes for the log (which files were used). */
  readonly note?: (line: string) => void;
}

// Share of a single-file data set (CSV, image folder, IDX folder without t10k files) that is held out.
const HELD_OUT = 0.2;
// NOTE: the held-out split does not depend on --seed, so `aecnn eval --data mnist` and runs with different
// seeds are all scored on the same images.
const SPLIT_SEED = 0;

async function loadSplits(
  spec: DataSpec,
  classes?: number,
  folder: ImageFolderOptions = {},
): Promise<{ train: Dataset; test?: Dataset }> {
  const given = classes !== undefined ? { numClasses: classes } : {};
  switch (spec.kind) {
    case 'mnist':
      return mnist();
    case 'idx': {
      const { train, test } = await loadIdxDir(spec.path, given);
      if (!train) {
        throw new Error(
          `--data ${formatDataSpec(spec)}: no train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz] in ${spec.path} (t10k-* files are test images; pass them as --test-data)`,
        );
      }
      return test ? { train, test } : { train };
    }
    case 'csv':
      return { train: await loadCsv(spec.path, { name: spec.path, ...given }) };
    case 'images':
      return { train: await loadImageFolder(spec.path, folder) };
  }
}

/** Loads the images to evaluate on from a spec: the held-out split of mnist, t10k-* of an IDX folder, else all. */
export async function loadEvalData(
  spec: DataSpec,
  note: (line: string) => void = () => {},
  numClasses?: number,
  /** The model's (or the training images') channels: an image folder is read in that colour. */
  channels?: number,
  /** The model's (or the training images') height and width: an image folder is resized to it. */
  size?: { height: number; width: number },
): Promise<Dataset> {
  let data: Dataset;
  if (spec.kind === 'mnist') {
    data = (await mnist()).test;
  } else if (spec.kind === 'idx') {
    const { train, test } = await loadIdxDir(spec.path, numClasses ? { numClasses } : {});
    if (!test) note(`${spec.path} has no t10k-* files; evaluating on its train-* files`);
    data = (test ?? train)!;
  } else if (spec.kind === 'csv') {
    data = await loadCsv(spec.path, { name: spec.path, ...(numClasses ? { numClasses } : {}) });
  } else {
    data = await loadImageFolder(spec.path, {
      ...(channels === 1 || channels === 3 ? { channels } : {}),
      ...(size ? { size } : {}),
    });
  }
  if (!data.hasLabels) {
    throw new Error(`${formatDataSpec(spec)}: the images have no labels; evaluation needs labeled images`);
  }
  return data;
}

/** How an image folder's colour was chosen, for the log. */
function colourNote(channels: number, asked: 1 | 3 | undefined): string {
  if (asked) return channels === 3 ? 'colour (3 channels, --channels 3)' : 'gray (1 channel, --channels 1)';
  return channels === 3 ? 'colour (3 channels, as some images are not gray)' : 'gray (1 channel)';
}

function checkSameShape(train: Dataset, test: Dataset, where: string): void {
  if (train.imageShape.join('×') !== test.imageShape.join('×')) {
    throw new Error(
      `${where}: images are ${test.imageShape.join('×')}, but the training images are ${train.imageShape.join('×')}`,
    );
  }
  if (test.numClasses > train.numClasses) {
    throw new Error(
      `${where}: labels go up to ${test.numClasses - 1}, but the training images have ${train.numClasses} classes`,
    );
  }
}

/** Loads training and evaluation images for `aecnn train`, then applies --limit and --labels. */
export async function loadRunData(o: LoadRunDataOptions): Promise<RunData> {
  const note = o.note ?? (() => {});
  const loaded = await loadSplits(o.data, o.classes, {
    ...(o.channels ? { channels: o.channels } : {}),
    ...(o.size ? { size: o.size } : {}),
  });
  if (o.classes !== undefined && loaded.train.numClasses !== o.classes) {
    // Only mnist and image folders, whose classes are fixed (10 digits, one per folder), get here.
    throw new UsageError(
      `--classes ${o.classes}: --data ${formatDataSpec(o.data)} has ${loaded.train.numClasses} classes${o.data.kind === 'images' ? ' (one per folder)' : ''}; drop --classes`,
    );
  }
  let train = loaded.train;
  let test = loaded.test;
  let testSource = o.data.kind === 'mnist' ? 'mnist (held-out 2,000)' : `${formatDataSpec(o.data)} (t10k)`;
  if (!train.hasLabels) {
    throw new Error(
      `--data ${formatDataSpec(o.data)}: the images have no labels; training needs labeled images`,
    );
  }
  if (o.data.kind === 'images') {
    note(
      `${o.data.path}: ${train.size} ${colourNote(train.channels, o.channels)} images of ${train.height}×${train.width}${o.size ? ' (resized on load, --size)' : ''}`,
    );
  }
  if (!test && !o.testData) {
    [train, test] = train.split(1 - HELD_OUT, { seed: SPLIT_SEED });
    testSource = `${formatDataSpec(o.data)} (held-out ${Math.round(HELD_OUT * 100)}%)`;
    note(`no separate test images in ${formatDataSpec(o.data)}: holding out ${test.size} of them`);
  }
  if (o.testData) {
    const size = o.size ? { height: train.height, width: train.width } : undefined;
    test = await loadEvalData(o.testData, note, train.numClasses, train.channels, size);
    testSource = formatDataSpec(o.testData);
    checkSameShape(train, test, `--test-data ${testSource}`);
  }
  if (o.limit !== undefined && o.limit < train.size) {
    // Stratified, so a small limit still shows every class.
    train = train.split(o.limit, { seed: o.seed })[0];
  }
  if (o.labels !== undefined) {
    if (o.labels > train.size) {
      throw new Error(`--labels ${o.labels}: only ${train.size} training images are available`);
    }
    train = train.labeledUnlabeled({ labels: o.labels, seed: o.seed });
  }
  return { train, test: test!, testSource };
}
