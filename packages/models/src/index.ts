export {
  type ArticleOptions,
  articleAutoencoder,
  articleCnn,
  articleFusion,
} from './article';
export {
  type Autoencoder,
  type AutoencoderConfig,
  type AutoencoderOptions,
  autoencoder,
  resolveAutoencoder,
} from './autoencoder';
export { type BuildModelOptions, buildModel, MODEL_KINDS } from './build-model';
export { type Cnn, type CnnBlock, type CnnConfig, type CnnOptions, cnn, resolveCnn } from './cnn';
export type { DownsampleMode, LatentActivation } from './conv-coder';
export {
  type FeatureAutoencoder,
  type FeatureAutoencoderConfig,
  type FeatureAutoencoderModel,
  type FeatureAutoencoderOptions,
  type FeatureOptions,
  featureAutoencoder,
  resolveFeatureAutoencoder,
} from './feature-autoencoder';
export { type Fusion, type FusionConfig, type FusionOptions, fusion, resolveFusion } from './fusion';
export { checkMixture, type LatentMixture, sampleMixture } from './latent-mixture';
export { type AecnnModel, modelName } from './model';
export { type OutputActivation, outputForRange, type UpsampleMode } from './options';
export { doublingPlan, halvingSizes, type Padding, transposeOutputSize, windowOutputSize } from './shapes';
export { resolveUnet, type UnetConfig, type UnetOptions, unetDenoiser } from './unet';
export { resolveVae, type Vae, type VaeConfig, type VaeOptions, vae } from './vae';
export {
  decode,
  encode,
  type GenerateOptions,
  generate,
  interpolate,
  latentManifold,
  normalQuantile,
} from './vae-helpers';
export { MODEL_LAYER_KINDS, type VaeKlOptions, vaeKl, vaeSample } from './vae-layers';
export {
  type ChooseMixtureOptions,
  type ChosenMixture,
  chooseLatentMixture,
  type FitMixtureOptions,
  fitLatentMixture,
  mixtureLogLikelihood,
} from './vae-prior';
