import { checkInt } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchRequest, type BatchSource, checkBatchSource } from './batch';

/** Options of mixLabeled. */
export interface MixLabeledOptions {
  /** Labeled images appended to every batch. */
  readonly labeledPerBatch: number;
}

// Sub-epochs of the labeled stream inside one outer epoch are numbered from here, so every outer epoch draws
// its own deterministic sequence of labeled orders.
const SUB_EPOCHS = 1 << 16;

/**
 * A source for semi-supervised training: each batch of `images` (labels hidden: mask 0) gets `labeledPerBatch`
 * images of `labeled` appended (mask 1), cycling through the labeled set in a seeded order. With 100 labels among
 * thousands of images, the classifier then sees labeled images in every step instead of one every few batches.
 * The epoch is the epoch of `images`; batches are `batchSize` (asked by fit) + `labeledPerBatch` images.
 */
export function mixLabeled(
  images: BatchSource,
  labeled: BatchSource,
  options: MixLabeledOptions,
): BatchSource {
  checkBatchSource(images, 'mixLabeled: images');
  checkBatchSource(labeled, 'mixLabeled: labeled');
  const k = checkInt('mixLabeled', 'labeledPerBatch', options?.labeledPerBatch);
  return {
    size: images.size,
    async *batches(request: BatchRequest): AsyncIterable<Batch> {
      let sub = 0;
      let stream: AsyncIterator<Batch> | Iterator<Batch> | undefined;
      const nextLabeled = async (): Promise<Batch> => {
        for (;;) {
          if (!stream) {
            const it = labeled.batches({
              ...request,
              batchSize: k,
              epoch: request.epoch * SUB_EPOCHS + sub++,
            });
            stream = Symbol.asyncIterator in it ? it[Symbol.asyncIterator]() : it[Symbol.iterator]();
          }
          const r = await stream.next();
          // A smaller last batch would change the batch shape; skip it and start the next labeled pass.
          if (!r.done && r.value.x.shape[0] === k) return r.value;
          if (!r.done) disposeAll(r.value);
          await stream.return?.();
          stream = undefined;
          if (sub > 2 && labeled.size < k) {
            throw new Error(
              `mixLabeled: the labeled source has ${labeled.size} images, fewer than labeledPerBatch ${k}`,
            );
          }
        }
      };
      try {
        for await (const b of images.batches(request)) {
          const l = await nextLabeled();
          const mixed = tf.tidy(() => {
            const n = b.x.shape[0]!;
            if (!l.y) throw new Error('mixLabeled: the labeled source yielded a batch without y');
            // Hidden labels: zero one-hot rows, or index -1 (whose one-hot row is zero) for index labels.
            const y =
              l.y.rank === 2
                ? tf.concat([tf.zeros([n, l.y.shape[1]!]), tf.cast(l.y, 'float32')])
                : tf.concat([tf.fill([n], -1, 'int32'), tf.cast(l.y, 'int32')]);
            return {
              x: tf.concat([b.x, l.x]),
              y,
              labeledMask: tf.concat([
                tf.zeros([n]),
                l.labeledMask ? tf.cast(l.labeledMask, 'float32') : tf.ones([k]),
              ]),
            };
          });
          disposeAll(b);
          disposeAll(l);
          yield mixed;
        }
      } finally {
        await stream?.return?.();
      }
    },
  };
}

function disposeAll(b: Batch): void {
  b.x.dispose();
  b.y?.dispose();
  b.labeledMask?.dispose();
}
