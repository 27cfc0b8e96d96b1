import type { Dataset } from '@aecnn/data';

/**
 * The labeled images of a partially labeled data set, repeated (in order, then cycled) until the view holds at
 * least `minSize` images. Supervised-only training on N labels then takes as many steps an epoch as training on
 * the whole set, instead of a handful of steps on N images.
 */
export function labeledView(data: Dataset, minSize: number): Dataset {
  if (!data.isPartiallyLabeled) return data;
  const labeled: number[] = [];
  for (let i = 0; i < data.size; i++) if (data.label(i) >= 0) labeled.push(i);
  if (labeled.length === 0) throw new Error(`${data.name}: no labeled images to train a classifier on`);
  const size = Math.max(labeled.length, Math.ceil(minSize / labeled.length) * labeled.length);
  return data.subset(Array.from({ length: size }, (_, k) => labeled[k % labeled.length]!));
}
