import type { BackendName } from '@aecnn/backends';
import { type AecnnModel, modelName } from '@aecnn/models';
import { fit } from '@aecnn/train';
import * as tf from '@tensorflow/tfjs-core';
import { offeredBackends, type ShownBackendInfo, switchBackend } from './backend';
import { type Digits, type FixedDigits, fixedDigits, loadDigits } from './digits';
import { finishReport } from './finish';
import type { PadPrediction, PlaygroundHook, TrainReport, TrainSettings } from './hook';
import { createModel, disposeModel, disposeOutput, infer } from './models';
import { mnistify } from './pad/mnistify';
import { createPad } from './pad/pad';
import { predictPad as predictOnPad } from './pad/predict';
import { labelsApply, readSettings, trainingData } from './settings';
import { bindStoreControls, createStore } from './store';
import { createLayout, type Layout } from './ui/layout';
import { type CurveData, drawCurves, drawLatent, drawReconstructions, type LatentData } from './views';
import { throttle, yieldToPage } from './yield';

const BASE = import.meta.env.BASE_URL;
const SEED = 0;
/** Test digits whose latent codes are drawn (and whose loss/accuracy is reported each epoch). */
const PROBE = 500;

/** Builds the page in `root`, loads the digits and the first backend, and returns the page's test hook. */
export function startApp(root: HTMLElement): PlaygroundHook {
  const ui: Layout = createLayout(root, offeredBackends());
  let digits: Digits | null = null;
  let model: AecnnModel | null = null;
  let training: Promise<TrainReport> | null = null;
  let stopRequested = false;
  const padWaiters: ((p: PadPrediction) => void)[] = [];

  const setStatus = (text: string, error = false) => {
    ui.status.textContent = text;
    ui.status.classList.toggle('error', error);
  };

  async function setBackend(name: BackendName): Promise<ShownBackendInfo> {
    if (training) throw new Error(`cannot switch to ${name} while training; press Stop first`);
    ui.backendInfo.textContent = `starting ${name}…`;
    try {
      const info = await switchBackend(name, `${BASE}wasm/`);
      ui.backend.value = info.name;
      ui.backendInfo.innerHTML = '';
      ui.backendInfo.append(
        Object.assign(document.createElement('b'), { textContent: info.name }),
        ` ${info.detail}`,
      );
      return info;
    } catch (err) {
      ui.backendInfo.textContent = `${name} failed: ${(err as Error).message}; still on ${tf.getBackend() ?? 'none'}`;
      if (tf.getBackend()) ui.backend.value = tf.getBackend();
      throw err;
    }
  }

  let fixed: FixedDigits | null = null;
  const predictPad = () => predictOnPad(ui, mnistify(pad.read()), model);

  async function refreshReconstructions(m: AecnnModel): Promise<void> {
    if (!fixed) return;
    const o = infer(m, () => tf.tensor4d(fixed!.x, [10, 28, 28, 1]), ['reconstruction', 'logits']);
    const pred = o.logits ? tf.argMax(o.logits, 1) : undefined;
    const [recon, predicted] = await Promise.all([o.reconstruction?.data(), pred?.data()]);
    disposeOutput(o);
    pred?.dispose();
    drawReconstructions(
      ui.reconGrid,
      fixed.x,
      fixed.labels,
      recon ? Float32Array.from(recon) : null,
      predicted ? Array.from(predicted) : null,
    );
  }

  let lastLatent: LatentData | null = null;
  const latentMethod = () => (ui.latentMethod.value === 'umap' ? 'umap' : 'pca');
  ui.latentMethod.addEventListener('change', () => {
    if (lastLatent) drawLatent(ui.latent, lastLatent, latentMethod());
  });

  async function refreshLatent(m: AecnnModel, when: string): Promise<void> {
    if (!digits) return;
    const probe = digits.test.take(PROBE);
    const o = infer(m, () => {
      const batch = probe.gather(Array.from({ length: probe.size }, (_, i) => i));
      batch.y?.dispose();
      return batch.x;
    }, ['latent']);
    const latent = o.latent;
    if (!latent) {
      disposeOutput(o);
      ui.latent.textContent = 'This model has no latent vector.';
      return;
    }
    const dim = latent.shape[1]!;
    const data = (await latent.data()) as Float32Array;
    latent.dispose();
    lastLatent = {
      latents: data,
      dim,
      labels: probe.labels(),
      title: `${modelName(m)} latent (${dim}-D), ${when}`,
    };
    drawLatent(ui.latent, lastLatent, latentMethod());
  }

  const pad = createPad(280, () => {
    predictPad()
      .then((p) => {
        for (const w of padWaiters.splice(0)) w(p);
      })
      .catch((err) => setStatus(`prediction failed: ${(err as Error).message}`, true));
  });
  ui.padHolder.append(pad.canvas);
  ui.padClear.addEventListener('click', () => {
    pad.clear();
    void predictPad();
  });

  async function runTraining(settings: TrainSettings): Promise<TrainReport> {
    if (!digits) throw new Error('the digits are still loading');
    const t0 = performance.now();
    const data = trainingData(settings.model, digits.train, settings.labels, SEED);
    if (model) disposeModel(model);
    const m = createModel(settings.model, settings.size, SEED);
    model = m;
    ui.modelSummary.textContent = m.summary();
    const probe = digits.test.take(PROBE);
    const report: TrainReport = {
      backend: tf.getBackend(),
      settings,
      losses: [],
      accuracies: [],
      epochs: [],
      final: {},
      batches: 0,
      stopped: false,
      seconds: 0,
    };
    const curve: CurveData = { steps: [], losses: [], epochs: [] };
    const redraw = throttle(() => drawCurves(ui.curves, ui.accuracy, curve), 300);
    // NOTE: the trailing call can come after this run ended; a model replaced since then is disposed, so skip it.
    const reconstruct = throttle(() => {
      if (model !== m) return;
      refreshReconstructions(m).catch((err) =>
        setStatus(`drawing reconstructions failed: ${err.message}`, true),
      );
    }, 1000);
    setStatus(
      `training ${settings.model} (${m.paramCount().toLocaleString('en')} parameters) on ${data.size} images ` +
        `(${tf.getBackend()})…`,
    );
    await refreshReconstructions(m);
    await fit(m, data, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      seed: SEED,
      validationData: probe,
      callbacks: {
        onBatchEnd: async (e) => {
          report.losses.push(e.loss);
          report.batches++;
          curve.steps.push(e.step);
          curve.losses.push(e.loss);
          redraw();
          reconstruct();
          if (stopRequested) {
            report.stopped = true;
            e.stop();
          }
          if (settings.maxBatches !== undefined && report.batches >= settings.maxBatches) e.stop();
          await yieldToPage();
        },
        onProgress: (e) => {
          setStatus(
            `epoch ${e.epoch + 1}/${e.epochs} · batch ${e.batch + 1}/${e.batchesPerEpoch} · loss ${e.loss.toFixed(4)} · ` +
              `${e.imagesPerSecond.toFixed(0)} img/s · ETA ${Math.ceil(e.etaSeconds)} s`,
          );
        },
        onEpochEnd: async (e) => {
          const entry = {
            epoch: e.epoch + 1,
            loss: e.val?.loss ?? e.loss,
            ...(e.val?.accuracy !== undefined ? { accuracy: e.val.accuracy } : {}),
          };
          report.epochs.push(entry);
          curve.epochs.push({
            step: curve.steps.at(-1) ?? 0,
            ...(e.val?.loss !== undefined ? { testLoss: e.val.loss } : {}),
            ...(e.metrics.accuracy !== undefined ? { trainAccuracy: e.metrics.accuracy } : {}),
            ...(e.val?.accuracy !== undefined ? { testAccuracy: e.val.accuracy } : {}),
          });
          drawCurves(ui.curves, ui.accuracy, curve);
          await refreshLatent(m, `after epoch ${e.epoch + 1}`);
        },
      },
    });
    drawCurves(ui.curves, ui.accuracy, curve);
    await refreshReconstructions(m);
    // The latent space is redrawn at each epoch end; a run stopped mid-epoch gets its last state drawn here.
    if (curve.epochs.at(-1)?.step !== curve.steps.at(-1))
      await refreshLatent(m, `after ${report.batches} batches`);
    report.seconds = (performance.now() - t0) / 1000;
    setStatus(await finishReport(ui, m, probe, report));
    await predictPad();
    return report;
  }

  async function train(over: Partial<TrainSettings> = {}): Promise<TrainReport> {
    if (training) throw new Error('already training; press Stop first');
    let settings: TrainSettings;
    try {
      settings = readSettings(ui, over);
      if (ui.backend.value !== tf.getBackend()) await setBackend(ui.backend.value as BackendName);
    } catch (err) {
      setStatus(`cannot train: ${(err as Error).message}`, true);
      throw err;
    }
    stopRequested = false;
    ui.train.disabled = true;
    ui.stop.disabled = false;
    training = runTraining(settings);
    try {
      return await training;
    } catch (err) {
      setStatus(`training failed: ${(err as Error).message}`, true);
      throw err;
    } finally {
      training = null;
      ui.train.disabled = false;
      ui.stop.disabled = true;
    }
  }

  ui.train.addEventListener('click', () => void train().catch(() => {}));
  ui.model.addEventListener('change', () => labelsApply(ui));
  ui.stop.addEventListener('click', () => {
    stopRequested = true;
  });
  ui.backend.addEventListener('change', () => {
    void setBackend(ui.backend.value as BackendName).catch(() => {});
  });

  // --- save and load ---
  const store = createStore({
    model: () => model,
    setModel: async (m) => {
      if (model) disposeModel(model);
      model = m;
      await refreshReconstructions(m);
      await refreshLatent(m, 'loaded model');
      await predictPad();
    },
    probe: () => fixed,
    status: ui.storeStatus,
  });
  bindStoreControls(ui, store);

  // --- start ---
  const ready = (async () => {
    const first = offeredBackends().find((b) => b !== 'webgpu') ?? 'cpu';
    await setBackend(first).catch(() => setBackend('wasm'));
    setStatus('loading the embedded digits…');
    digits = await loadDigits(BASE, SEED);
    fixed = fixedDigits(digits.test);
    drawReconstructions(ui.reconGrid, fixed.x, fixed.labels, null, null);
    setStatus(
      `${digits.train.size} training and ${digits.test.size} test digits loaded ` +
        `(${(digits.bytes / 1e6).toFixed(2)} MB gzipped). Pick a model and press Train.`,
    );
  })();
  ready.catch((err) => setStatus(`could not start: ${(err as Error).message}`, true));

  return {
    ready,
    setBackend,
    getBackend: () => tf.getBackend(),
    numTensors: () => tf.memory().numTensors,
    train,
    stop: () => {
      stopRequested = true;
    },
    padPrediction: (now = false) => (now ? predictPad() : new Promise((resolve) => padWaiters.push(resolve))),
    save: (url) => store.save(url),
    load: (url) => store.load(url),
    onnx: () => store.onnx(),
  };
}
