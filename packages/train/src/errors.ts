/** Thrown when a loss term is NaN or infinite; the weights were not updated by that step. */
export class NonFiniteLossError extends Error {
  constructor(
    /** The step (1-based over the run) whose loss was not finite. */
    readonly step: number,
    readonly epoch: number,
    readonly batch: number,
    /** The first non-finite term ('reconstruction', 'classification') or 'loss' for the total. */
    readonly term: string,
    readonly value: number,
    lastCheckpointStep: number | undefined,
  ) {
    super(
      `fit: loss term '${term}' is ${value} at step ${step} (epoch ${epoch}, batch ${batch}); training stopped before ` +
        `applying that step. ${lastCheckpointStep === undefined ? 'No checkpoint was written.' : `The last good checkpoint (step ${lastCheckpointStep}) is kept.`} ` +
        'Lower the learning rate, clip gradients (clipNorm) or check the data for NaN.',
    );
    this.name = 'NonFiniteLossError';
  }
}
