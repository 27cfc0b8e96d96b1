import { DataFormatError } from './errors';

/** Labels read from one file, and how to name the place of label `i` in it (e.g. `line 12`, `label 3`). */
export interface LabelFile {
  readonly labels: ArrayLike<number>;
  readonly file: string;
  readonly at: (i: number) => string;
}

/**
 * The class count of labels read without a `numClasses`: largest label + 1, when the labels are 0..K-1 with every
 * class present. Otherwise (e.g. digits 0-9 and one 200) throws a DataFormatError naming the file and place of the
 * first label past the first missing class, and how to say the count (`numClasses`, `--classes` in the CLI).
 */
export function inferClassCount(files: readonly LabelFile[]): number {
  let max = -1;
  const seen = new Set<number>();
  for (const { labels } of files) {
    for (let i = 0; i < labels.length; i++) {
      seen.add(labels[i]!);
      if (labels[i]! > max) max = labels[i]!;
    }
  }
  if (seen.size === max + 1) return Math.max(max + 1, 1);
  let missing = 0;
  while (seen.has(missing)) missing++;
  for (const { labels, file, at } of files) {
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! <= missing) continue;
      const gaps = max + 1 - seen.size;
      throw new DataFormatError(
        file,
        `${at(i)}: label ${labels[i]} makes ${max + 1} classes, but ${gaps} of them (${missing} first) have no ` +
          `image (${seen.size} distinct labels, largest ${max}); labels must be 0..K-1 with every class present, ` +
          `or give the class count (numClasses; --classes N in the aecnn CLI)`,
      );
    }
  }
  return max + 1; // unreachable: a missing class below max means some label is above it
}
