import type { BackendName } from '@aecnn/backends';
import type { ShownBackendInfo } from './backend';
import type { ModelKind } from './models';

/** What the page is set to train. */
export interface TrainSettings {
  model: ModelKind;
  /** `small` (fast, default) or `article` (the source article's layers). */
  size: 'small' | 'article';
  /** Labeled training images (cnn, fusion), balanced across classes; 8000 (all) labels every image. */
  labels: number;
  /** The VAE's latent size: 16 (default) or 2 (drawn as a plane to hover over). */
  latent: number;
  epochs: number;
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Stop after this many batches in all (tests and quick looks); default: run every epoch. */
  maxBatches?: number;
}

/** What a training run did. */
export interface TrainReport {
  backend: string;
  settings: TrainSettings;
  /** Loss after each batch, in order. */
  losses: number[];
  /** Training accuracy of each batch on its labeled images (cnn, fusion). */
  accuracies: number[];
  /** Metrics on held-out test digits after each epoch. */
  epochs: { epoch: number; loss: number; accuracy?: number }[];
  /** Metrics on the held-out probe digits when training ended. */
  final: { loss?: number; accuracy?: number; mse?: number; negativeElbo?: number };
  batches: number;
  stopped: boolean;
  seconds: number;
}

/** A prediction for the drawing pad. */
export interface PadPrediction {
  /** Most likely class; null when the pad is empty, there is no model, or it has no classifier (autoencoder). */
  label: number | null;
  probs: number[];
  /** Pixels in [0, 1] of the 28x28 model input (784). */
  input: number[];
}

/** A canvas's pixels as drawn (grey levels 0..255, row-major) and when it was drawn ("after epoch 1"). */
export interface CanvasPixels {
  width: number;
  height: number;
  grey: number[];
  when: string;
}

/** The digit decoded at the pointer over a 2-D VAE's latent plane, as shown. */
export interface LatentHover {
  /** The latent point under the pointer. */
  z: [number, number];
  /** The hover canvas's 28x28 grey levels (0..255). */
  pixels: number[];
}

/**
 * The page's test hook, `window.aecnnPlayground`: what a user does with the controls, as awaitable functions,
 * so that a test waits on results instead of sleeping.
 */
export interface PlaygroundHook {
  /** Resolves when the digits are loaded and the first backend is active. */
  ready: Promise<void>;
  /** Switches backend (as the backend picker does); resolves with its info. */
  setBackend(name: BackendName): Promise<ShownBackendInfo>;
  /** The active tfjs backend's name (`tf.getBackend()`). */
  getBackend(): string;
  /** Live tensors in the tfjs engine (`tf.memory().numTensors`), to check that runs do not leak. */
  numTensors(): number;
  /** Sets the controls and trains (as the Train button does); resolves when training ends. */
  train(settings: Partial<TrainSettings>): Promise<TrainReport>;
  /** Presses Stop. */
  stop(): void;
  /** Resolves with the prediction for the pad's drawing after the next stroke (or now, with `now`). */
  padPrediction(now?: boolean): Promise<PadPrediction>;
  /** Saves the model to a tf.io URL (`indexeddb://name`) and resolves with the saved weights' paths. */
  save(url: string): Promise<string[]>;
  /** Loads a model from a tf.io URL and resolves with its kind. */
  load(url: string): Promise<string>;
  /** Exports the model as ONNX (as the Download ONNX button does) with aecnn's classes of the ten fixed digits. */
  onnx(): Promise<OnnxProbe>;
  /** The VAE's grid of digits from the prior as drawn now; null when the page's model is not a VAE. */
  generatedGrid(): CanvasPixels | null;
  /** Resolves when the VAE's generated grid is next drawn (before training, after each epoch), with its pixels. */
  nextGrid(): Promise<CanvasPixels>;
  /** Waits for the decode of the latest pointer move over the latent plane; null before any hover. */
  latentHover(): Promise<LatentHover | null>;
}

/** A model's ONNX export and what aecnn itself predicts, to check the export in a runtime. */
export interface OnnxProbe {
  /** The ONNX file. */
  bytes: Uint8Array;
  /** The ten fixed test digits, 10 x 784 pixels in [0, 1] (NHWC [10, 28, 28, 1]). */
  images: number[];
  /** aecnn's class of each (argmax of its logits); empty for a model without a classifier. */
  classes: number[];
}

declare global {
  interface Window {
    aecnnPlayground?: PlaygroundHook;
  }
}
