import {
  checkInt,
  checkKeys,
  checkSeed,
  mixSeeds,
  permutation,
  seededRandom,
  shuffleInPlace,
} from '@aecnn/layers';
import { balancedQuotas, pickPerClass, stratifiedSplit } from './stratify';

/**
 * What sampling reads of a data set (a `Dataset` is one): it picks positions, and the data set makes the views,
 * so this file needs no import of the class that calls it.
 */
export interface SampledSet {
  readonly name: string;
  readonly size: number;
  readonly hasLabels: boolean;
  readonly isPartiallyLabeled: boolean;
  readonly numClasses: number;
  readonly labeledCount: number;
  readonly classNames?: readonly string[] | undefined;
  labels(): Int32Array;
}

/** Options of `Dataset.split`. */
export interface SplitOptions {
  /** Seed of the random assignment (and of each part's order); default 0. */
  readonly seed?: number;
  /** Keep each class's share equal in both parts; default true when every image is labeled. */
  readonly stratified?: boolean;
}

/** The size of a split's first part: a share (0 < first < 1) of `size` or a count (an integer <= size). */
function countOf(first: number, size: number, where: string): number {
  if (typeof first !== 'number' || !Number.isFinite(first) || first <= 0) {
    throw new Error(`${where}: first must be a fraction in (0, 1) or a count >= 1, got ${String(first)}`);
  }
  if (first < 1) return Math.round(first * size);
  if (!Number.isInteger(first) || first > size) {
    throw new Error(`${where}: a count must be an integer <= ${size} (the data set's size), got ${first}`);
  }
  return first;
}

/** Throws unless the data set has labels. */
function needLabels(ds: SampledSet, where: string): void {
  if (!ds.hasLabels) throw new Error(`${where}: the data set ${ds.name} has no labels`);
}

/** Class `c` for messages: `3`, or `3 (cat)` when the class has a name. */
function className(ds: SampledSet, c: number): string {
  const n = ds.classNames?.[c];
  return n === undefined ? String(c) : `${c} (${n})`;
}

/** The positions of `Dataset.split`'s two disjoint parts, each in a seeded random order (stratified by default when labeled). */
export function splitPositions(
  ds: SampledSet,
  first: number,
  options: SplitOptions,
): [ArrayLike<number>, ArrayLike<number>] {
  const where = `${ds.name}.split`;
  checkKeys(options, ['seed', 'stratified'], where);
  const seed = checkSeed(where, options.seed ?? 0);
  const count = countOf(first, ds.size, where);
  const stratified = options.stratified ?? (ds.hasLabels && !ds.isPartiallyLabeled);
  const random = seededRandom(mixSeeds(seed, 0x5b1));
  if (stratified && (!ds.hasLabels || ds.isPartiallyLabeled)) {
    throw new Error(
      `${where}: a stratified split needs every label; split before labeledUnlabeled or pass stratified: false`,
    );
  }
  const [a, b] = stratified
    ? stratifiedSplit(ds.labels(), ds.numClasses, count, random)
    : ((order) => [order.slice(0, count), order.slice(count)])(
        Array.from(permutation(ds.size, mixSeeds(seed, 0x5b2))),
      );
  return [shuffleInPlace(a, random), shuffleInPlace(b, random)];
}

/** The positions of `Dataset.stratifiedSubset`: `perClass` images of every class, chosen and ordered by `seed`. */
export function stratifiedPositions(ds: SampledSet, perClass: number, options: { seed?: number }): number[] {
  const where = `${ds.name}.stratifiedSubset`;
  checkKeys(options, ['seed'], where);
  needLabels(ds, where);
  checkInt(where, 'perClass', perClass, 1);
  const random = seededRandom(mixSeeds(checkSeed(where, options.seed ?? 0), 0x57a));
  const quotas = new Array<number>(ds.numClasses).fill(perClass);
  const picked = pickPerClass(
    ds.labels(),
    quotas,
    random,
    (c, have) =>
      new Error(
        `${where}: class ${className(ds, c)} has ${have} labeled images, fewer than perClass = ${perClass}`,
      ),
  );
  return shuffleInPlace(picked, random);
}

/** The positions `Dataset.labeledUnlabeled` keeps labeled: `labels` of them, balanced across classes by `seed`. */
export function labeledPositions(ds: SampledSet, options: { labels: number; seed?: number }): number[] {
  const where = `${ds.name}.labeledUnlabeled`;
  checkKeys(options ?? {}, ['labels', 'seed'], where);
  needLabels(ds, where);
  const n = checkInt(where, 'labels', options?.labels, 0, ds.labeledCount);
  const random = seededRandom(mixSeeds(checkSeed(where, options.seed ?? 0), 0x1ab));
  const quotas = balancedQuotas(n, ds.numClasses, random);
  return pickPerClass(
    ds.labels(),
    quotas,
    random,
    (c, have) =>
      new Error(
        `${where}: class ${className(ds, c)} has ${have} labeled images, ${quotas[c]} needed for ${n} balanced labels`,
      ),
  );
}
