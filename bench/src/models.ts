import { type AecnnModel, articleCnn, autoencoder, fusion, unetDenoiser, vae } from '@aecnn/models';

/** Images per training and inference step, as the issue fixes it. */
export const BATCH = 64;

/** The benchmarked models: the article's CNN, the default conv autoencoder and the default fusion model. */
export const MODELS = {
  articleCnn: (): AecnnModel => articleCnn({ seed: 1 }).model,
  convAutoencoder: (): AecnnModel => autoencoder({ inputShape: [28, 28, 1], kind: 'conv', seed: 1 }).model,
  fusion: (): AecnnModel => fusion({ inputShape: [28, 28, 1], seed: 1 }).model,
} as const;

/** A benchmarked model's name. */
export type ModelName = keyof typeof MODELS;

/**
 * Models measured for inference only, against onnxruntime-web (tfjs-layers cannot run a VAE's sampling layer):
 * the default VAE and U-Net denoiser at 28x28x1.
 */
export const INFER_ONLY_MODELS = {
  vae: (): AecnnModel => vae({ inputShape: [28, 28, 1], seed: 1 }).model,
  unet: (): AecnnModel => unetDenoiser({ inputShape: [28, 28, 1], seed: 1 }).model,
} as const;
