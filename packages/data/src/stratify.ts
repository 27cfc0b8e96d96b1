import { type Random, shuffleInPlace } from '@aecnn/layers';

/**
 * Splits an integer `total` across groups in proportion to `sizes` (largest-remainder method), so the parts
 * sum to `total` exactly and each differs from its exact share by less than one. Ties go to the lower index.
 */
export function apportion(sizes: readonly number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (total * s) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

/** Groups positions 0..labels.length-1 by label (negative labels, i.e. hidden, are skipped). */
export function groupByClass(labels: ArrayLike<number>, numClasses: number): number[][] {
  const groups: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l >= 0) groups[l]!.push(i);
  }
  return groups;
}

/** Splits labeled positions so the first part gets `count` of them, each class in proportion (`apportion`). */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  numClasses: number,
  count: number,
  random: Random,
): [number[], number[]] {
  const groups = groupByClass(labels, numClasses);
  const quotas = apportion(
    groups.map((g) => g.length),
    count,
  );
  const a: number[] = [];
  const b: number[] = [];
  groups.forEach((g, c) => {
    shuffleInPlace(g, random);
    a.push(...g.slice(0, quotas[c]));
    b.push(...g.slice(quotas[c]));
  });
  return [a, b];
}

/** `n` split over `k` classes as evenly as possible; which classes get the extra ones is drawn with `random`. */
export function balancedQuotas(n: number, k: number, random: Random): number[] {
  const quotas = new Array<number>(k).fill(Math.floor(n / k));
  const order = shuffleInPlace(
    Array.from({ length: k }, (_, c) => c),
    random,
  );
  for (const c of order.slice(0, n % k)) quotas[c]!++;
  return quotas;
}

/**
 * Picks `quotas[c]` random positions of each class c; `tooFew(c, have)` makes the error for a class with fewer
 * labeled images than its quota.
 */
export function pickPerClass(
  labels: ArrayLike<number>,
  quotas: readonly number[],
  random: Random,
  tooFew: (c: number, have: number) => Error,
): number[] {
  const picked: number[] = [];
  groupByClass(labels, quotas.length).forEach((g, c) => {
    if (g.length < quotas[c]!) throw tooFew(c, g.length);
    picked.push(...shuffleInPlace(g, random).slice(0, quotas[c]));
  });
  return picked;
}
