// Save and load: the store's controls, and what the page redraws when a model is loaded.

import type { PadControl } from './pad-control';
import type { Pictures } from './pictures';
import { type AppState, replaceModel } from './state';
import { bindStoreControls, createStore, type Store } from './store';
import type { Layout } from './ui/layout';
import type { VaePictures } from './vae-pictures';

/** The pictures a loaded model is drawn in. */
export interface ModelViews {
  pictures: Pictures;
  vae: VaePictures;
  pad: PadControl;
}

/** Wires the save/load panel to the page's model; a loaded model replaces it and is drawn and predicted. */
export function createModelIo(ui: Layout, state: AppState, { pictures, vae, pad }: ModelViews): Store {
  const store = createStore({
    model: () => state.model,
    setModel: async (m) => {
      replaceModel(state, m);
      await pictures.reconstructions(m);
      await pictures.latent(m, 'loaded model');
      await vae.draw(m, 'loaded model');
      await pad.predict();
    },
    probe: () => state.fixed,
    status: ui.storeStatus,
  });
  bindStoreControls(ui, store);
  return store;
}
