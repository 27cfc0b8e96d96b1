import { type AecnnModel, articleCnn, autoencoder, fusion, unetDenoiser, vae } from '@aecnn/models';

/** Images per training and inference step, as the issue fixes it. */
export const BATCH = 64;

/**
 * The benchmarked models: the article's CNN, the default conv autoencoder, fusion model, VAE and U-Net denoiser
 * (28x28x1 defaults).
 */
export const MODELS = {
  articleCnn: (): AecnnModel => articleCnn({ seed: 1 }).model,
  convAutoencoder: (): AecnnModel => autoencoder({ inputShape: [28, 28, 1], kind: 'conv', seed: 1 }).model,
  fusion: (): AecnnModel => fusion({ inputShape: [28, 28, 1], seed: 1 }).model,
  vae: (): AecnnModel => vae({ inputShape: [28, 28, 1], seed: 1 }).model,
  unet: (): AecnnModel => unetDenoiser({ inputShape: [28, 28, 1], seed: 1 }).model,
} as const;

/** A benchmarked model's name. */
export type ModelName = keyof typeof MODELS;

/** Models measured on wasm only: on the cpu backend a U-Net step takes tens of seconds. */
export const WASM_ONLY: ReadonlySet<ModelName> = new Set(['vae', 'unet']);

/** The three presets the profile and data-parallel studies default to. */
export const PRESETS = (Object.keys(MODELS) as ModelName[]).filter((n) => !WASM_ONLY.has(n));

/** Training steps per timed window, where the plan's would take minutes: a U-Net step is ~1.5 s on wasm. */
export const MAX_STEPS: Partial<Record<ModelName, number>> = { unet: 6 };
