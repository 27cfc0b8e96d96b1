// The training form's Train and Stop buttons: a run's settings from the form, its progress drawn on the page.
import type { BackendName } from '@aecnn/backends';
import type { AecnnModel } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendControl } from './backend-control';
import { finishReport } from './finish';
import type { TrainReport, TrainSettings } from './hook';
import type { PadControl } from './pad-control';
import type { Pictures } from './pictures';
import { labelsApply, readSettings } from './settings';
import { type AppState, PROBE, replaceModel, SEED } from './state';
import { runTraining } from './training-run';
import type { Layout } from './ui/layout';
import type { SetStatus } from './ui/status';
import type { VaePictures } from './vae-pictures';
import { type CurveData, drawCurves } from './views';
import { throttle, yieldToPage } from './yield';

/** What the training control does. */
export interface TrainingControl {
  /** Applies `over` to the form, then trains as the Train button does; resolves with the run's report. */
  train(over?: Partial<TrainSettings>): Promise<TrainReport>;
  /** Presses Stop: the run ends after the current batch. */
  stop(): void;
}

/** What the training control uses of the other controls. */
export interface TrainingDeps {
  backend: BackendControl;
  pictures: Pictures;
  vae: VaePictures;
  pad: PadControl;
}

/** Wires the training form, Train and Stop; status lines go to `setStatus`. */
export function createTrainingControl(
  ui: Layout,
  state: AppState,
  setStatus: SetStatus,
  { backend, pictures, vae, pad }: TrainingDeps,
): TrainingControl {
  let stopper: AbortController | null = null;

  /** One run, drawn as it goes: curves, throttled reconstructions, the latent space after each epoch. */
  async function run(settings: TrainSettings, signal: AbortSignal): Promise<TrainReport> {
    const digits = state.digits;
    if (!digits) throw new Error('the digits are still loading');
    const probe = digits.test.take(PROBE);
    const curve: CurveData = { steps: [], losses: [], epochs: [] };
    const redraw = throttle(() => drawCurves(ui.curves, ui.accuracy, curve), 300);
    let reconstruct = () => {};
    // The model this run trains (set once built); the pictures are of it even if another is loaded meanwhile.
    let trained: AecnnModel | null = null;
    const { model, report } = await runTraining(
      settings,
      { train: digits.train, probe },
      SEED,
      {
        started: async (m, images) => {
          trained = m;
          replaceModel(state, m);
          ui.modelSummary.textContent = m.summary();
          // NOTE: the trailing call can come after this run ended; a model replaced since then is disposed, so skip it.
          reconstruct = throttle(() => {
            if (state.model !== m) return;
            pictures
              .reconstructions(m)
              .catch((err) => setStatus(`drawing reconstructions failed: ${err.message}`, true));
          }, 1000);
          setStatus(
            `training ${settings.model} (${m.paramCount().toLocaleString('en')} parameters) on ${images} images ` +
              `(${tf.getBackend()})…`,
          );
          await pictures.reconstructions(m);
          await vae.draw(m, 'before training');
        },
        batch: (step, loss) => {
          curve.steps.push(step);
          curve.losses.push(loss);
          redraw();
          reconstruct();
        },
        pause: yieldToPage,
        progress: (e) =>
          setStatus(
            `epoch ${e.epoch + 1}/${e.epochs} · batch ${e.batch + 1}/${e.batchesPerEpoch} · loss ${e.loss.toFixed(4)} · ` +
              `${e.imagesPerSecond.toFixed(0)} img/s · ETA ${Math.ceil(e.etaSeconds)} s`,
          ),
        epoch: async ({ epoch, ...point }) => {
          curve.epochs.push(point);
          drawCurves(ui.curves, ui.accuracy, curve);
          await pictures.latent(trained!, `after epoch ${epoch}`);
          await vae.draw(trained!, `after epoch ${epoch}`);
        },
        ended: async () => {
          const m = trained!;
          drawCurves(ui.curves, ui.accuracy, curve);
          await pictures.reconstructions(m);
          // The latent space is redrawn at each epoch end; a run stopped mid-epoch gets its last state drawn here.
          if (curve.epochs.at(-1)?.step !== curve.steps.at(-1)) {
            await pictures.latent(m, `after ${curve.steps.length} batches`);
            await vae.draw(m, `after ${curve.steps.length} batches`);
          }
        },
      },
      signal,
    );
    setStatus(await finishReport(ui, model, probe, report));
    await pad.predict();
    return report;
  }

  async function train(over: Partial<TrainSettings> = {}): Promise<TrainReport> {
    if (state.training) throw new Error('already training; press Stop first');
    let settings: TrainSettings;
    try {
      settings = readSettings(ui, over);
      if (ui.backend.value !== tf.getBackend()) await backend.setBackend(ui.backend.value as BackendName);
    } catch (err) {
      setStatus(`cannot train: ${(err as Error).message}`, true);
      throw err;
    }
    stopper = new AbortController();
    ui.train.disabled = true;
    ui.stop.disabled = false;
    state.training = true;
    try {
      return await run(settings, stopper.signal);
    } catch (err) {
      setStatus(`training failed: ${(err as Error).message}`, true);
      throw err;
    } finally {
      state.training = false;
      stopper = null;
      ui.train.disabled = false;
      ui.stop.disabled = true;
    }
  }

  const stop = () => stopper?.abort();
  ui.train.addEventListener('click', () => void train().catch(() => {}));
  ui.model.addEventListener('change', () => labelsApply(ui));
  ui.stop.addEventListener('click', stop);
  return { train, stop };
}
