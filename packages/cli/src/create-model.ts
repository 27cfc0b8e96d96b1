import {
  type AecnnModel,
  articleAutoencoder,
  articleCnn,
  articleFusion,
  autoencoder,
  cnn,
  fusion,
  unetDenoiser,
  vae,
} from '@aecnn/models';
import type { ModelName } from './train-options';

/** What the data decides about a model: its input shape and number of classes. */
export interface ModelShape {
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
}

const ARTICLE_SHAPE = '28×28×1';

/** Builds the model `--model` names, sized for the data; article models only take 28×28×1 images in 10 classes. */
export function createModel(
  name: ModelName,
  shape: ModelShape,
  options: { readonly latent?: number; readonly beta?: number; readonly seed: number },
): AecnnModel {
  const { inputShape, classes } = shape;
  const seed = options.seed;
  const latent = options.latent === undefined ? {} : { latentDim: options.latent };
  if (name.startsWith('article-')) {
    if (inputShape.join('×') !== ARTICLE_SHAPE || classes !== 10) {
      throw new Error(
        `--model ${name}: the article's models take ${ARTICLE_SHAPE} images in 10 classes, but the data has ${inputShape.join('×')} images in ${classes} classes; use --model ${name.slice('article-'.length)} instead.`,
      );
    }
  }
  switch (name) {
    case 'fusion':
      return fusion({ inputShape, classes, seed, ...latent }).model;
    case 'autoencoder':
      return autoencoder({ inputShape, seed, ...latent }).model;
    case 'cnn':
      return cnn({ inputShape, classes, seed }).model;
    case 'article-fusion':
      return articleFusion({ seed }).model;
    case 'article-autoencoder':
      return articleAutoencoder({ seed }).model;
    case 'article-cnn':
      return articleCnn({ seed }).model;
    case 'unet':
      return unetDenoiser({ inputShape, seed }).model;
    case 'vae':
      return vae({
        inputShape,
        seed,
        ...latent,
        ...(options.beta === undefined ? {} : { beta: options.beta }),
      }).model;
  }
}
