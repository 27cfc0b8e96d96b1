import { checkInt, checkKeys } from '@aecnn/layers';
import { DataFormatError, fmt } from './errors';

/** Arrays to build a dataset from: images as bytes, row-major NHWC, one byte (0..255) a pixel. */
export interface DatasetInit {
  /** n × height × width × channels bytes. */
  readonly images: Uint8Array;
  readonly height: number;
  readonly width: number;
  /** 1 (grayscale, default) or 3 (RGB). */
  readonly channels?: number;
  /** One class index a image, in [0, numClasses); absent for an unlabeled data set. */
  readonly labels?: ArrayLike<number>;
  /** Number of classes; default: largest label + 1. Labels outside [0, numClasses) are an error. */
  readonly numClasses?: number;
  /** Human names of the classes (folder names), index = label. */
  readonly classNames?: readonly string[];
  /** Names the data set in errors. */
  readonly name?: string;
}

/** Immutable storage shared by every view (split, take, ...) of one loaded data set. */
export interface Storage {
  readonly images: Uint8Array;
  /** True labels, or null for an unlabeled data set. */
  readonly labels: Int32Array | null;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly classNames: readonly string[] | undefined;
  readonly name: string;
}

const INIT_KEYS = ['images', 'height', 'width', 'channels', 'labels', 'numClasses', 'classNames', 'name'];

/** Checks the arrays of `Dataset.fromArrays` (sizes, label range, class names) and wraps them as storage. */
export function storageFromInit(init: DatasetInit): Storage {
  checkKeys(init, INIT_KEYS, 'Dataset.fromArrays');
  const name = init.name ?? 'dataset';
  const height = checkInt(name, 'height', init.height, 1);
  const width = checkInt(name, 'width', init.width, 1);
  const channels = checkInt(name, 'channels', init.channels ?? 1, 1);
  if (!(init.images instanceof Uint8Array)) {
    throw new Error(`${name}: images must be a Uint8Array of pixel bytes, got ${typeof init.images}`);
  }
  const pixels = height * width * channels;
  if (init.images.length % pixels !== 0) {
    throw new DataFormatError(
      name,
      `${fmt(init.images.length)} image bytes are not a whole number of ${height}×${width}×${channels} images`,
    );
  }
  const n = init.images.length / pixels;
  let labels: Int32Array | null = null;
  let numClasses = 0;
  if (init.labels) {
    if (init.labels.length !== n) {
      throw new DataFormatError(name, `${fmt(n)} images but ${fmt(init.labels.length)} labels`);
    }
    labels = Int32Array.from(init.labels);
    let max = -1;
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(init.labels[i]) || l < 0) {
        throw new DataFormatError(
          name,
          `label ${String(init.labels[i])} at index ${i} is not a class index >= 0`,
        );
      }
      if (l > max) max = l;
    }
    numClasses =
      init.numClasses === undefined ? max + 1 : checkInt(name, 'numClasses', init.numClasses, 1, 1 << 24);
    if (max >= numClasses) {
      const at = labels.indexOf(max);
      throw new DataFormatError(name, `label ${max} at index ${at} is out of range [0, ${numClasses})`);
    }
  }
  if (init.classNames && init.classNames.length !== numClasses) {
    throw new Error(`${name}: ${init.classNames.length} class names for ${numClasses} classes`);
  }
  const storage: Storage = {
    images: init.images,
    labels,
    height,
    width,
    channels,
    numClasses,
    classNames: init.classNames,
    name,
  };
  return storage;
}
