/** Default of fit's `divergence`: how many times its running minimum the loss may reach (above its first value). */
export const DIVERGENCE_FACTOR = 1e4;

/** Checks fit's `divergence` option: a factor > 1, or false. */
export function resolveDivergence(option: unknown): number | undefined {
  if (option === false) return undefined;
  const factor = option ?? DIVERGENCE_FACTOR;
  if (!(typeof factor === 'number' && factor > 1 && Number.isFinite(factor))) {
    throw new Error(`fit: divergence must be a finite factor > 1 or false, got ${String(option)}`);
  }
  return factor;
}

/**
 * Watches one phase's total loss. A step diverges when its loss is above both the phase's first loss and `factor`
 * times the lowest loss so far: a loss that fell and then rose far (a learning rate too high), never a noisy batch
 * of a loss that was near zero. Losses that are not positive are not judged.
 */
export class DivergenceWatch {
  private first: number | undefined;
  private minimum = Number.POSITIVE_INFINITY;

  constructor(readonly factor: number) {}

  /** True when `loss` diverged; records it otherwise. */
  diverged(loss: number): boolean {
    if (!(loss > 0)) return false;
    this.first ??= loss;
    if (loss > this.first && loss > this.factor * this.minimum) return true;
    this.minimum = Math.min(this.minimum, loss);
    return false;
  }

  /** The phase's lowest and first loss so far. */
  seen(): { minimum: number; first: number } {
    return { minimum: this.minimum, first: this.first ?? Number.NaN };
  }
}
