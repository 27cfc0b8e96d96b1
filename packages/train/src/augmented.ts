import { type AugmentSpec, augment, checkAugmentSpec } from '@aecnn/data';
import { mixSeeds } from '@aecnn/layers';
import type * as tf from '@tensorflow/tfjs-core';
import { type Batch, type BatchRequest, type BatchSource, checkBatchSource } from './batch';

/**
 * A source whose images are augmented with `@aecnn/data`'s seeded augmentations (`{ shift: { maxShift: 2 } }`,
 * rotation, erasing, noise, ...): batch `b` of epoch `e` gets seed `mixSeeds(seed, e, b)`, so a run (and a
 * resumed run) sees the same augmented images every time. Labels and masks pass through untouched.
 *
 * @example
 * const data = mixLabeled(images, augmented(labeledOnly, { shift: { maxShift: 2 } }), { labeledPerBatch: 16 });
 */
export function augmented(source: BatchSource, spec: AugmentSpec): BatchSource {
  checkBatchSource(source, 'augmented: source');
  if (!spec || typeof spec !== 'object' || Object.keys(spec).length === 0) {
    throw new Error(
      `augmented: spec must name at least one augmentation, e.g. { shift: { maxShift: 2 } }, got ${JSON.stringify(spec)}`,
    );
  }
  checkAugmentSpec(spec);
  return {
    size: source.size,
    async *batches(request: BatchRequest): AsyncIterable<Batch> {
      let b = 0;
      for await (const batch of source.batches(request)) {
        let x: tf.Tensor;
        try {
          x = augment(batch.x as tf.Tensor4D, spec, mixSeeds(request.seed, request.epoch, b++));
        } finally {
          batch.x.dispose();
        }
        yield { ...batch, x };
      }
    },
  };
}
