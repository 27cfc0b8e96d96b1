import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * One training batch. `x` is [batch, ...inputShape] float32 in [0, 1]; `y` holds class indices [batch] (int32)
 * or one-hot rows [batch, classes]; `labeledMask` [batch] is 1 for images whose label counts, 0 otherwise
 * (absent: every image with a `y` is labeled). The trainer disposes a batch's tensors once it is used.
 */
export interface Batch {
  readonly x: Tensor;
  readonly y?: Tensor;
  readonly labeledMask?: Tensor;
  /** Targets by output name ([batch, ...]); an output without one uses the clean input (`reconstruction`) or `y`. */
  readonly targets?: Readonly<Record<string, Tensor>>;
  /** Weight of each image in every loss term and metric, [batch], >= 0. Absent: all 1. */
  readonly sampleWeight?: Tensor;
}

/** Every tensor of a batch (x, y, labeledMask, targets, sampleWeight), for disposal and row checks. */
export function batchTensors(b: Batch): [string, Tensor][] {
  const out: [string, Tensor][] = [['x', b.x]];
  if (b.y) out.push(['y', b.y]);
  if (b.labeledMask) out.push(['labeledMask', b.labeledMask]);
  if (b.sampleWeight) out.push(['sampleWeight', b.sampleWeight]);
  for (const [k, t] of Object.entries(b.targets ?? {})) out.push([`targets.${k}`, t]);
  return out;
}

/** Disposes a batch's tensors. */
export function disposeBatch(b: Batch): void {
  for (const [, t] of batchTensors(b)) t.dispose();
}

/** What the trainer asks a source for: one epoch's batches, shuffled by `(seed, epoch)` when `shuffle`. */
export interface BatchRequest {
  readonly batchSize: number;
  /** 0-based epoch; the same (seed, epoch) must give the same order, so that a resumed run sees the same batches. */
  readonly epoch: number;
  readonly shuffle: boolean;
  readonly seed: number;
}

/**
 * Where batches come from. A `@aecnn/data` Dataset is one as it is (`dataset.batches({ batchSize, epoch,
 * shuffle, seed })`); `tensorSource` makes one from tensors.
 */
export interface BatchSource {
  /** Number of images in one epoch. */
  readonly size: number;
  /** The batches of one epoch, in order. */
  batches(request: BatchRequest): Iterable<Batch> | AsyncIterable<Batch>;
}

/** True when `v` looks like a BatchSource (has a numeric `size` and a `batches` function). */
export function isBatchSource(v: unknown): v is BatchSource {
  const s = v as BatchSource | null;
  return s != null && typeof s === 'object' && typeof s.size === 'number' && typeof s.batches === 'function';
}

/** Throws a clear error unless `v` is a BatchSource; `where` names the option (`fit: data`). */
export function checkBatchSource(v: unknown, where: string): asserts v is BatchSource {
  if (!isBatchSource(v)) {
    const got =
      v === null
        ? 'null'
        : typeof v === 'object'
          ? `an object with keys ${Object.keys(v as object).join(', ') || '(none)'}`
          : typeof v;
    throw new Error(
      `${where}: expected a batch source { size, batches({ batchSize, epoch, shuffle, seed }) } (a @aecnn/data Dataset or tensorSource(...)), got ${got}`,
    );
  }
  if (!(Number.isInteger(v.size) && v.size > 0)) {
    throw new Error(`${where}: the batch source is empty (size ${v.size}); expected at least one image`);
  }
}
