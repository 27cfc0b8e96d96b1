import * as tf from '@tensorflow/tfjs-core';
import type { Batch, BatchRequest, BatchSource } from './batch';
import { mixSeed, Rng } from './rng';

/** Options of tensorSource. */
export interface TensorSourceOptions {
  /** Images [n, ...shape], float32 in [0, 1]. */
  readonly x: tf.Tensor;
  /** Class indices [n] (int32) or one-hot rows [n, classes]. */
  readonly y?: tf.Tensor;
  /** 1 where the label counts, 0 where the image is unlabeled [n]. */
  readonly labeledMask?: tf.Tensor;
}

/** A seeded permutation of 0..n-1, the same for the same (seed, epoch). */
export function epochOrder(n: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = new Rng(mixSeed(seed, epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * A BatchSource over tensors already in memory (the caller keeps ownership of them); each batch is gathered
 * from them, in a seeded order per epoch when the trainer asks for shuffling. Handy for tests and small data sets.
 */
export function tensorSource(options: TensorSourceOptions): BatchSource {
  const { x, y, labeledMask } = options;
  const n = x.shape[0] ?? 0;
  if (x.rank < 2 || n < 1)
    throw new Error(`tensorSource: x must be [n, ...shape] with n >= 1, got shape [${x.shape}]`);
  for (const [name, t] of [
    ['y', y],
    ['labeledMask', labeledMask],
  ] as const) {
    if (t && t.shape[0] !== n) {
      throw new Error(`tensorSource: ${name} must have ${n} rows like x, got shape [${t.shape}]`);
    }
  }
  return {
    size: n,
    *batches({ batchSize, epoch, shuffle, seed }: BatchRequest): Iterable<Batch> {
      const order = shuffle ? epochOrder(n, seed, epoch) : undefined;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(n, start + batchSize) - start;
        yield tf.tidy(() => {
          // In order, a batch is a contiguous slice: much cheaper than a gather on wasm (about 2 ms for 64 digits).
          const idx = order ? tf.tensor1d(order.subarray(start, start + size), 'int32') : undefined;
          const take = (t: tf.Tensor) => (idx ? tf.gather(t, idx) : tf.slice(t, start, size));
          const b: { x: tf.Tensor; y?: tf.Tensor; labeledMask?: tf.Tensor } = { x: take(x) };
          if (y) b.y = take(y);
          if (labeledMask) b.labeledMask = take(labeledMask);
          return b;
        });
      }
    },
  };
}
