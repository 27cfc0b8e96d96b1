import * as tf from '@tensorflow/tfjs-core';

/**
 * One batch, as tensors owned by whoever made it (`batches()` disposes them when the loop moves on):
 * - `x`: float32 [batch, height, width, channels], pixels in [0, 1];
 * - `y`: float32 one-hot [batch, numClasses], present when the data set has labels; a row whose label is
 *   hidden (see `labeledUnlabeled`) is all zeros;
 * - `labeledMask`: float32 [batch], 1 for a labeled image and 0 for a hidden one, present only for a partially
 *   labeled data set (made by `labeledUnlabeled`);
 * - `indices`: the batch's positions in the data set.
 */
export interface Batch {
  readonly x: tf.Tensor4D;
  readonly y?: tf.Tensor2D;
  readonly labeledMask?: tf.Tensor1D;
  readonly indices: Uint32Array;
}

/** Options of `Dataset.batches`. */
export interface BatchOptions {
  /** Images a batch (the last one may be smaller unless `dropRemainder`). */
  readonly batchSize: number;
  /** Shuffle with a permutation seeded by `(seed, epoch)`; default false (data-set order). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; default 0. */
  readonly seed?: number;
  /** Epoch number: each epoch gets its own order for one seed; default 0. */
  readonly epoch?: number;
  /** Skip a last, smaller batch; default false. */
  readonly dropRemainder?: boolean;
}

/** What `makeBatch` needs: the shared image bytes and, per row, where the image is and its visible label. */
export interface BatchSource {
  /** All images, n × h × w × c bytes. */
  readonly images: Uint8Array;
  readonly imageShape: readonly [number, number, number];
  /** Row k's image is images[storageIndex[k] * h * w * c ...]. */
  readonly storageIndex: Uint32Array;
  /** Row k's position in its data set (returned as `indices`). */
  readonly positions: Uint32Array;
  /** Row k's label, -1 where hidden; absent for unlabeled data. */
  readonly labels?: Int32Array;
  readonly numClasses?: number;
  /** 1/0 per row, only for partially labeled data. */
  readonly labeledMask?: Float32Array;
}

/** pixel byte → float in [0, 1]; a table is faster than dividing and exactly equal to v / 255. */
const TO_FLOAT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Turns byte images into a float batch: x [b, h, w, c] in [0, 1], one-hot y, labeledMask. */
export function makeBatch(source: BatchSource): Batch {
  const { images, imageShape, storageIndex, labels, labeledMask } = source;
  const [h, w, c] = imageShape;
  const b = storageIndex.length;
  const px = h * w * c;
  const x = new Float32Array(b * px);
  for (let k = 0; k < b; k++) {
    const src = storageIndex[k]! * px;
    const dst = k * px;
    for (let j = 0; j < px; j++) x[dst + j] = TO_FLOAT[images[src + j]!]!;
  }
  const batch: { -readonly [K in keyof Batch]: Batch[K] } = {
    x: tf.tensor4d(x, [b, h, w, c], 'float32'),
    indices: source.positions,
  };
  if (labels) {
    const k = source.numClasses ?? 0;
    const y = new Float32Array(b * k);
    for (let r = 0; r < b; r++) if (labels[r]! >= 0) y[r * k + labels[r]!] = 1;
    batch.y = tf.tensor2d(y, [b, k], 'float32');
    if (labeledMask) batch.labeledMask = tf.tensor1d(labeledMask, 'float32');
  }
  return batch;
}

/** Disposes a batch's tensors. */
export function disposeBatch(batch: Batch): void {
  const tensors: tf.Tensor[] = [batch.x];
  if (batch.y) tensors.push(batch.y);
  if (batch.labeledMask) tensors.push(batch.labeledMask);
  tf.dispose(tensors);
}
