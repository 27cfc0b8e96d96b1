import { checkInt, checkKeys, checkSeed, mixSeeds, permutation } from '@aecnn/layers';
import { type Batch, type BatchOptions, disposeBatch, makeBatch } from './batch';
import { type DatasetInit, type Storage, storageFromInit } from './dataset-init';
import { labeledPositions, type SplitOptions, splitPositions, stratifiedPositions } from './dataset-sampling';
import type { IdxArray } from './idx';

export type { DatasetInit } from './dataset-init';
export type { SplitOptions } from './dataset-sampling';

/**
 * Images kept as bytes (one a pixel) with optional labels, turned into float tensors one batch at a time.
 * Views (`split`, `take`, `shuffle`, `labeledUnlabeled`, ...) share the bytes and only hold an index array,
 * so splitting 60,000 MNIST images costs 4 bytes an image, not another 47 MB.
 */
export class Dataset {
  readonly #storage: Storage;
  /** Storage index of each position. */
  readonly #indices: Uint32Array;
  /** 1 where the label is visible, per position; null when all labels are visible (or there are none). */
  readonly #mask: Uint8Array | null;

  private constructor(storage: Storage, indices: Uint32Array, mask: Uint8Array | null) {
    this.#storage = storage;
    this.#indices = indices;
    this.#mask = mask;
  }

  /** Builds a data set from byte images and labels, checking sizes and label range. */
  static fromArrays(init: DatasetInit): Dataset {
    const storage = storageFromInit(init);
    const n = storage.images.length / (storage.height * storage.width * storage.channels);
    const indices = new Uint32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    return new Dataset(storage, indices, null);
  }

  /** Number of images. */
  get size(): number {
    return this.#indices.length;
  }

  /** Image height in pixels. */
  get height(): number {
    return this.#storage.height;
  }

  /** Image width in pixels. */
  get width(): number {
    return this.#storage.width;
  }

  /** Channels: 1 (grayscale) or 3 (RGB). */
  get channels(): number {
    return this.#storage.channels;
  }

  /** Shape of one image, [height, width, channels] (a model's input shape). */
  get imageShape(): [number, number, number] {
    return [this.height, this.width, this.channels];
  }

  /** Number of classes (0 for an unlabeled data set). */
  get numClasses(): number {
    return this.#storage.numClasses;
  }

  /** Class names when the loader knew them (image folders), else undefined. */
  get classNames(): readonly string[] | undefined {
    return this.#storage.classNames;
  }

  /** The name errors use (file or loader name). */
  get name(): string {
    return this.#storage.name;
  }

  /** True when the data set has labels (possibly some hidden by `labeledUnlabeled`). */
  get hasLabels(): boolean {
    return this.#storage.labels !== null;
  }

  /** True when some labels are hidden (made by `labeledUnlabeled`); batches then carry `labeledMask`. */
  get isPartiallyLabeled(): boolean {
    return this.#mask !== null;
  }

  /** Number of images whose label is visible. */
  get labeledCount(): number {
    if (!this.#storage.labels) return 0;
    if (!this.#mask) return this.size;
    let c = 0;
    for (const m of this.#mask) c += m;
    return c;
  }

  /** Bytes this view holds on its own (index and mask arrays), excluding the shared image storage. */
  get viewBytes(): number {
    return this.#indices.byteLength + (this.#mask?.byteLength ?? 0);
  }

  /** Bytes of the shared storage (image bytes plus labels). */
  get storageBytes(): number {
    return this.#storage.images.byteLength + (this.#storage.labels?.byteLength ?? 0);
  }

  #checkPosition(i: number, where: string): number {
    return checkInt(`${this.name}.${where}`, 'index', i, 0, this.size - 1);
  }

  /** The bytes of image `i` ([height, width, channels], row-major), a view into the storage: do not modify. */
  image(i: number): Uint8Array {
    const px = this.height * this.width * this.channels;
    const s = this.#indices[this.#checkPosition(i, 'image')]! * px;
    return this.#storage.images.subarray(s, s + px);
  }

  /** The label of image `i`, or -1 when it is hidden or the data set is unlabeled. */
  label(i: number): number {
    this.#checkPosition(i, 'label');
    return this.#visibleLabel(i);
  }

  #visibleLabel(i: number): number {
    const labels = this.#storage.labels;
    if (!labels || (this.#mask && this.#mask[i] === 0)) return -1;
    return labels[this.#indices[i]!]!;
  }

  /** Visible labels of all images (-1 where hidden or unlabeled). */
  labels(): Int32Array {
    const out = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.#visibleLabel(i);
    return out;
  }

  /** Number of visible labels of each class. */
  classCounts(): number[] {
    const counts = new Array<number>(this.numClasses).fill(0);
    for (let i = 0; i < this.size; i++) {
      const l = this.#visibleLabel(i);
      if (l >= 0) counts[l]!++;
    }
    return counts;
  }

  /** Storage index of each position: two views of one loaded data set share an image iff they share an index. */
  sourceIndices(): Uint32Array {
    return this.#indices.slice();
  }

  /** A view of the given positions, in that order (repeats allowed). */
  subset(positions: ArrayLike<number>): Dataset {
    const indices = new Uint32Array(positions.length);
    const mask = this.#mask ? new Uint8Array(positions.length) : null;
    for (let k = 0; k < positions.length; k++) {
      const p = this.#checkPosition(positions[k]!, 'subset');
      indices[k] = this.#indices[p]!;
      if (mask) mask[k] = this.#mask![p]!;
    }
    return new Dataset(this.#storage, indices, mask);
  }

  /** The first `n` images (all of them if there are fewer). */
  take(n: number): Dataset {
    checkInt(`${this.name}.take`, 'n', n, 0);
    const m = Math.min(n, this.size);
    return new Dataset(this.#storage, this.#indices.slice(0, m), this.#mask?.slice(0, m) ?? null);
  }

  /** All but the first `n` images. */
  skip(n: number): Dataset {
    checkInt(`${this.name}.skip`, 'n', n, 0);
    const m = Math.min(n, this.size);
    return new Dataset(this.#storage, this.#indices.slice(m), this.#mask?.slice(m) ?? null);
  }

  /** The same images in a seeded random order. */
  shuffle(seed: number): Dataset {
    return this.subset(permutation(this.size, checkSeed(`${this.name}.shuffle`, seed)));
  }

  /**
   * Splits into two disjoint parts, each in a seeded random order. `first` is the first part's share (0 < first < 1)
   * or its size (an integer >= 1). Stratified (the default when every image is labeled): each class is split in
   * the same proportion, with the parts' sizes exact (largest remainder).
   */
  split(first: number, options: SplitOptions = {}): [Dataset, Dataset] {
    const [a, b] = splitPositions(this, first, options);
    return [this.subset(a), this.subset(b)];
  }

  /** `perClass` images of every class (from the visible labels), chosen and ordered by `seed`. */
  stratifiedSubset(perClass: number, options: { seed?: number } = {}): Dataset {
    return this.subset(stratifiedPositions(this, perClass, options));
  }

  /**
   * The same images with only `labels` labels kept, balanced across classes (numbers per class differ by at most
   * one; which classes get the extra ones depends on `seed`), the rest hidden: their `y` rows are zero and
   * `labeledMask` is 0. For semi-supervised training; the images keep their order.
   */
  labeledUnlabeled(options: { labels: number; seed?: number }): Dataset {
    const mask = new Uint8Array(this.size);
    for (const p of labeledPositions(this, options)) mask[p] = 1;
    return new Dataset(this.#storage, this.#indices, mask);
  }

  /** The number of batches `batches()` yields with these options. */
  numBatches(batchSize: number, dropRemainder = false): number {
    checkInt(`${this.name}.numBatches`, 'batchSize', batchSize, 1);
    return dropRemainder ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
  }

  /**
   * Makes the batch of the given positions; the caller owns (and must dispose, e.g. with `disposeBatch`) its tensors.
   * x is float32 [batch, h, w, c] in [0, 1]; see `Batch` for y and labeledMask.
   */
  gather(positions: ArrayLike<number>): Batch {
    const storageIndex = new Uint32Array(positions.length);
    const visible = new Int32Array(positions.length);
    const mask = this.#mask ? new Float32Array(positions.length) : undefined;
    const checked = new Uint32Array(positions.length);
    for (let k = 0; k < positions.length; k++) {
      const p = this.#checkPosition(positions[k]!, 'gather');
      checked[k] = p;
      storageIndex[k] = this.#indices[p]!;
      visible[k] = this.#visibleLabel(p);
      if (mask) mask[k] = this.#mask![p]!;
    }
    const { images, height, width, channels, numClasses } = this.#storage;
    return makeBatch({
      images,
      imageShape: [height, width, channels],
      storageIndex,
      positions: checked,
      ...(this.hasLabels ? { labels: visible, numClasses } : {}),
      ...(mask ? { labeledMask: mask } : {}),
    });
  }

  /**
   * Yields the batches of one epoch. Each batch's tensors are disposed when the loop asks for the next one (or
   * exits), so one epoch never holds more than one batch; `tf.keep`/`tf.clone` what must outlive the step.
   */
  *batches(options: BatchOptions): Generator<Batch, void, undefined> {
    const where = `${this.name}.batches`;
    checkKeys(options ?? {}, ['batchSize', 'shuffle', 'seed', 'epoch', 'dropRemainder'], where);
    const batchSize = checkInt(where, 'batchSize', options?.batchSize, 1);
    const seed = checkSeed(where, options.seed ?? 0);
    const epoch = checkInt(where, 'epoch', options.epoch ?? 0, 0);
    const order = options.shuffle ? permutation(this.size, mixSeeds(seed, epoch, 0xe90c)) : undefined;
    const end = options.dropRemainder ? this.size - (this.size % batchSize) : this.size;
    for (let start = 0; start < end; start += batchSize) {
      const stop = Math.min(start + batchSize, end);
      const positions = order
        ? order.subarray(start, stop)
        : Uint32Array.from({ length: stop - start }, (_, k) => start + k);
      const batch = this.gather(positions);
      try {
        yield batch;
      } finally {
        disposeBatch(batch);
      }
    }
  }

  /** The data as IDX arrays (images [n, h, w] or [n, h, w, c], labels [n]) for `encodeIdx`/`writeIdx`. */
  toIdx(): { images: IdxArray; labels?: IdxArray } {
    const px = this.height * this.width * this.channels;
    const data = new Uint8Array(this.size * px);
    for (let i = 0; i < this.size; i++) data.set(this.image(i), i * px);
    const dims = this.channels === 1 ? [this.height, this.width] : [this.height, this.width, this.channels];
    const images: IdxArray = { shape: [this.size, ...dims], data };
    if (!this.hasLabels) return { images };
    if (this.isPartiallyLabeled)
      throw new Error(`${this.name}.toIdx: some labels are hidden; IDX cannot store that`);
    if (this.numClasses > 256)
      throw new Error(`${this.name}.toIdx: ${this.numClasses} classes do not fit IDX unsigned-byte labels`);
    return { images, labels: { shape: [this.size], data: Uint8Array.from(this.labels()) } };
  }
}
