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
