// The backend picker: switching the tfjs backend and showing what it is.
import type { BackendName } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { type ShownBackendInfo, switchBackend } from './backend';
import type { AppState } from './state';
import type { Layout } from './ui/layout';

/** What the backend control does. */
export interface BackendControl {
  /** Switches to `name` (refused while training) and shows its info; on failure shows why and rethrows. */
  setBackend(name: BackendName): Promise<ShownBackendInfo>;
}

/** Wires the backend picker; wasm binaries are served under `wasmPaths`. */
export function createBackendControl(ui: Layout, state: AppState, wasmPaths: string): BackendControl {
  async function setBackend(name: BackendName): Promise<ShownBackendInfo> {
    if (state.training) throw new Error(`cannot switch to ${name} while training; press Stop first`);
    ui.backendInfo.textContent = `starting ${name}…`;
    try {
      const info = await switchBackend(name, wasmPaths);
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
  ui.backend.addEventListener('change', () => {
    void setBackend(ui.backend.value as BackendName).catch(() => {});
  });
  return { setBackend };
}
