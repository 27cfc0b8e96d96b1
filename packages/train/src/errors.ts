/** Where a training step failed (the step is 1-based over the run) and the loss term and value that stopped it. */
export interface StepWhere {
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  readonly term: string;
  readonly value: number;
  /** The step of the last checkpoint written, if any. */
  readonly lastCheckpointStep: number | undefined;
}

const checkpointNote = (last: number | undefined) =>
  last === undefined ? 'No checkpoint was written.' : `The last good checkpoint (step ${last}) is kept.`;

/** Thrown when a loss term is NaN or infinite; the weights were not updated by that step. */
export class NonFiniteLossError extends Error {
  /** The step (1-based over the run) whose loss was not finite. */
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  /** The first non-finite term ('reconstruction', 'classification') or 'loss' for the total. */
  readonly term: string;
  readonly value: number;

  constructor(w: StepWhere) {
    super(
      `fit: loss term '${w.term}' is ${w.value} at step ${w.step} (epoch ${w.epoch}, batch ${w.batch}); training ` +
        `stopped before applying that step. ${checkpointNote(w.lastCheckpointStep)} ` +
        'Lower the learning rate, clip gradients (clipNorm) or check the data for NaN.',
    );
    this.name = 'NonFiniteLossError';
    ({ step: this.step, epoch: this.epoch, batch: this.batch, term: this.term, value: this.value } = w);
  }
}

/** Thrown when the loss diverges (see fit's `divergence`); the weights were not updated by that step. */
export class DivergedLossError extends Error {
  /** The step (1-based over the run) whose loss diverged. */
  readonly step: number;
  readonly epoch: number;
  readonly batch: number;
  /** The largest loss term of that step. */
  readonly term: string;
  /** The step's total loss. */
  readonly value: number;

  constructor(
    w: StepWhere,
    /** The lowest total loss of the phase so far, its first, and the factor of fit's `divergence`. */
    readonly minimum: number,
    readonly first: number,
    readonly factor: number,
  ) {
    super(
      `fit: the loss diverged at step ${w.step} (epoch ${w.epoch}, batch ${w.batch}): ${w.value.toPrecision(4)} is ` +
        `over ${factor}x its lowest value so far (${minimum.toPrecision(4)}) and above its first ` +
        `(${first.toPrecision(4)}); the largest term is '${w.term}'. Training stopped before applying that step. ` +
        `${checkpointNote(w.lastCheckpointStep)} Lower the learning rate or clip gradients (clipNorm); ` +
        'divergence: false turns the check off.',
    );
    this.name = 'DivergedLossError';
    ({ step: this.step, epoch: this.epoch, batch: this.batch, term: this.term, value: this.value } = w);
  }
}
