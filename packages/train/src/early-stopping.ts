import { checkInt, checkKeys } from '@aecnn/layers';
import type { EpochLog } from './events';

/** Stop when a monitored value has not improved for `patience` epochs. */
export interface EarlyStoppingOptions {
  /** 'loss', 'accuracy', 'terms.reconstruction', a metric function's name, or any of those under 'val.' (e.g. 'val.loss', 'val.accuracy', 'val.dice'). Default 'val.loss' with validation data, else 'loss'. */
  readonly monitor?: string;
  /** Epochs without improvement before stopping. Default 5. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /** 'min', 'max', or 'auto' (max for accuracy and psnr, min otherwise). Default 'auto'. */
  readonly mode?: 'min' | 'max' | 'auto';
  /** When the run ends (stopped early or completed), put back the weights of the best epoch. Default false. */
  readonly restoreBest?: boolean;
}

/** Early-stopping state, stored in checkpoints. */
export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
}

/** Reads a monitored value ('val.accuracy', 'loss', 'terms.classification', 'val.dice', ...) from an epoch log. */
export function monitored(log: EpochLog, monitor: string): number | undefined {
  const val = monitor.startsWith('val.');
  const key = val ? monitor.slice(4) : monitor;
  // Metric functions sit in `metrics` of both the training log and `val`; they are monitored by their name alone.
  const src = (
    val && log.val
      ? { ...log.val.metrics, ...log.val }
      : val
        ? undefined
        : { ...log.metrics, loss: log.loss, terms: log.terms }
  ) as Record<string, unknown> | undefined;
  if (!src) return undefined;
  const v = key.startsWith('terms.')
    ? (src.terms as Record<string, number> | undefined)?.[key.slice(6)]
    : src[key];
  return typeof v === 'number' ? v : undefined;
}

/** A checked early-stopping rule: `update(log)` returns true when the run should stop. */
export function earlyStopping(o: EarlyStoppingOptions, hasValidation: boolean) {
  checkKeys(o, ['monitor', 'patience', 'minDelta', 'mode', 'restoreBest'], 'fit: earlyStopping');
  const monitor = o.monitor ?? (hasValidation ? 'val.loss' : 'loss');
  if (monitor.startsWith('val.') && !hasValidation) {
    throw new Error(`earlyStopping: monitor '${monitor}' needs validationData; pass it or monitor 'loss'`);
  }
  const patience = checkInt('earlyStopping', 'patience', o.patience ?? 5, 0);
  const minDelta = o.minDelta ?? 0;
  if (!(minDelta >= 0)) throw new Error(`earlyStopping: minDelta must be >= 0, got ${minDelta}`);
  const mode = o.mode ?? 'auto';
  if (!['min', 'max', 'auto'].includes(mode)) {
    throw new Error(`earlyStopping: mode must be 'min', 'max' or 'auto', got ${JSON.stringify(mode)}`);
  }
  const max = mode === 'max' || (mode === 'auto' && /accuracy|psnr/.test(monitor));
  const state: EarlyStoppingState = { best: null, bestEpoch: -1, wait: 0 };
  return {
    monitor,
    restoreBest: o.restoreBest === true,
    state,
    update(log: EpochLog): boolean {
      const v = monitored(log, monitor);
      if (v === undefined) {
        throw new Error(`earlyStopping: monitor '${monitor}' is not in the epoch log of epoch ${log.epoch}`);
      }
      const better = state.best === null || (max ? v > state.best + minDelta : v < state.best - minDelta);
      if (better) {
        state.best = v;
        state.bestEpoch = log.epoch;
        state.wait = 0;
        return false;
      }
      state.wait++;
      return state.wait > patience;
    },
  };
}
