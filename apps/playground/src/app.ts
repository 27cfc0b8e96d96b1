import * as tf from '@tensorflow/tfjs-core';
import { offeredBackends } from './backend';
import { createBackendControl } from './backend-control';
import { fixedDigits, loadDigits } from './digits';
import type { PlaygroundHook } from './hook';
import { createModelIo } from './model-io';
import { createPadControl } from './pad-control';
import { createPictures } from './pictures';
import { createState, SEED } from './state';
import { createTrainingControl } from './training-control';
import { createLayout } from './ui/layout';
import { statusLine } from './ui/status';
import { createVaePictures } from './vae-pictures';

const BASE = import.meta.env.BASE_URL;

/** Builds the page in `root`, loads the digits and the first backend, and returns the page's test hook. */
export function startApp(root: HTMLElement): PlaygroundHook {
  const ui = createLayout(root, offeredBackends());
  const state = createState();
  const setStatus = statusLine(ui.status);
  const backend = createBackendControl(ui, state, `${BASE}wasm/`);
  const pictures = createPictures(ui, state);
  const vae = createVaePictures(ui, state);
  const pad = createPadControl(ui, state, setStatus);
  const training = createTrainingControl(ui, state, setStatus, { backend, pictures, vae, pad });
  const store = createModelIo(ui, state, { pictures, vae, pad });

  const ready = (async () => {
    const first = offeredBackends().find((b) => b !== 'webgpu') ?? 'cpu';
    await backend.setBackend(first).catch(() => backend.setBackend('wasm'));
    setStatus('loading the embedded digits…');
    const digits = await loadDigits(BASE, SEED);
    state.digits = digits;
    state.fixed = fixedDigits(digits.test);
    pictures.originals();
    setStatus(
      `${digits.train.size} training and ${digits.test.size} test digits loaded ` +
        `(${(digits.bytes / 1e6).toFixed(2)} MB gzipped). Pick a model and press Train.`,
    );
  })();
  ready.catch((err) => setStatus(`could not start: ${(err as Error).message}`, true));

  return {
    ready,
    setBackend: backend.setBackend,
    getBackend: () => tf.getBackend(),
    numTensors: () => tf.memory().numTensors,
    train: training.train,
    stop: training.stop,
    padPrediction: (now = false) => (now ? pad.predict() : pad.next()),
    save: (url) => store.save(url),
    load: (url) => store.load(url),
    onnx: () => store.onnx(),
    generatedGrid: () => vae.grid(),
    nextGrid: () => vae.nextGrid(),
    latentHover: () => vae.hovered(),
  };
}
