// What the page's controls share: the digits, the current model and whether a run is going.
import type { AecnnModel } from '@aecnn/models';
import type { Digits, FixedDigits } from './digits';
import { disposeModel } from './models';

/** The page's shared state; each control reads it and only the owner of a field writes it. */
export interface AppState {
  /** The embedded digits (null until they load). */
  digits: Digits | null;
  /** The ten fixed test digits shown with their reconstructions (null until the digits load). */
  fixed: FixedDigits | null;
  /** The model that the pictures, the pad and save show (null until one is trained or loaded). */
  model: AecnnModel | null;
  /** True while a training run is going (backend switches and a second run are refused). */
  training: boolean;
}

/** Test digits whose latent codes are drawn (and whose loss/accuracy is reported each epoch). */
export const PROBE = 500;
/** The seed of the split, the models' initial weights and the batch order. */
export const SEED = 0;

/** The state before anything has loaded. */
export function createState(): AppState {
  return { digits: null, fixed: null, model: null, training: false };
}

/** Makes `m` the page's model, freeing the weights of the one it replaces. */
export function replaceModel(state: AppState, m: AecnnModel): void {
  if (state.model) disposeModel(state.model);
  state.model = m;
}
