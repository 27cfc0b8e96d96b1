/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median: empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Images per second of `windows` timed runs of `run` (after `warmup` untimed ones); the median window. */
export async function throughput(
  run: () => Promise<void> | void,
  imagesPerRun: number,
  { warmup, windows, runsPerWindow }: { warmup: number; windows: number; runsPerWindow: number },
): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const rates: number[] = [];
  for (let w = 0; w < windows; w++) {
    const t0 = performance.now();
    for (let i = 0; i < runsPerWindow; i++) await run();
    rates.push((imagesPerRun * runsPerWindow) / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}
