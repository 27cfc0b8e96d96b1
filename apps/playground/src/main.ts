import * as tf from '@tensorflow/tfjs-core';
import { offeredBackends, switchBackend } from './backend';

const WASM = `${import.meta.env.BASE_URL}wasm/`;

const app = document.getElementById('app')!;
app.textContent = 'loading';
(window as unknown as Record<string, unknown>).aecnnPlayground = {
  backend: async (name: 'webgl' | 'wasm' | 'cpu') => switchBackend(name, WASM),
  getBackend: () => tf.getBackend(),
  offered: offeredBackends,
};
const info = await switchBackend('webgl', WASM);
app.textContent = JSON.stringify(info);
