/**
 * Lets the page paint and handle clicks between training batches: waits for the next animation frame, or
 * 50 ms when frames do not come (a hidden tab gets none).
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Runs `fn` at most once every `ms` milliseconds, plus once more after the last call (trailing). */
export function throttle(fn: () => void, ms: number): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const wait = last + ms - performance.now();
    if (wait <= 0) {
      last = performance.now();
      fn();
    } else if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        last = performance.now();
        fn();
      }, wait);
    }
  };
}
