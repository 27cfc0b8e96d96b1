// The drawing pad: what the current model makes of the digit drawn on it.
import type { PadPrediction } from './hook';
import { mnistify } from './pad/mnistify';
import { createPad } from './pad/pad';
import { predictPad } from './pad/predict';
import type { AppState } from './state';
import type { Layout } from './ui/layout';
import type { SetStatus } from './ui/status';

/** What the pad control does. */
export interface PadControl {
  /** Predicts the pad's drawing with the current model now (and shows it). */
  predict(): Promise<PadPrediction>;
  /** Resolves with the prediction made after the next stroke. */
  next(): Promise<PadPrediction>;
}

/** Puts the pad on the page and predicts after each stroke and on Clear; failures go to `setStatus`. */
export function createPadControl(ui: Layout, state: AppState, setStatus: SetStatus): PadControl {
  const waiters: ((p: PadPrediction) => void)[] = [];
  const predict = () => predictPad(ui, mnistify(pad.read()), state.model);
  const pad = createPad(280, () => {
    predict()
      .then((p) => {
        for (const w of waiters.splice(0)) w(p);
      })
      .catch((err) => setStatus(`prediction failed: ${(err as Error).message}`, true));
  });
  ui.padHolder.append(pad.canvas);
  ui.padClear.addEventListener('click', () => {
    pad.clear();
    void predict();
  });
  return { predict, next: () => new Promise((resolve) => waiters.push(resolve)) };
}
