import { checkKeys } from '@aecnn/layers';
import { type Autoencoder, autoencoder } from './autoencoder';
import { type Cnn, cnn } from './cnn';
import { type Fusion, fusion } from './fusion';

// The article's three Keras models, with its layer choices (Conv2D 32 3x3 relu, MaxPool 2, Flatten, Dense 64)
// kept and its faults fixed; see the README for what was wrong.

/** Options every article preset accepts. */
export interface ArticleOptions {
  /** Seed of the weight initialisation (default: random). */
  readonly seed?: number;
}

/**
 * The article's classifier, 347,146 parameters: Conv2D 32 3x3 relu → MaxPool 2 → Flatten → Dense 64 relu → Dense 10.
 * It returns logits (the article's softmax moves into the loss).
 */
export function articleCnn(options: ArticleOptions = {}): Cnn {
  checkKeys(options, ['seed'], 'articleCnn');
  return cnn({
    inputShape: [28, 28, 1],
    classes: 10,
    blocks: [{ filters: 32, kernelSize: 3, padding: 'valid', pool: 2 }],
    dense: [64],
    dropout: 0,
    ...options,
  });
}

const ARTICLE_CODER = {
  inputShape: [28, 28, 1],
  latentDim: 64,
  filters: [32],
  kernelSize: 3,
  downsample: 'maxpool',
  latentActivation: 'relu',
  output: 'sigmoid',
} as const;

/**
 * The article's autoencoder made to work: encoder Conv2D 32 3x3 → MaxPool 2 → Flatten → Dense 64 (relu latent);
 * decoder Dense 5408 → Reshape 13x13x32 → UpSampling 2 → Conv2DTranspose 1 3x3 sigmoid → 28x28x1, the input's shape.
 */
export function articleAutoencoder(options: ArticleOptions = {}): Autoencoder {
  checkKeys(options, ['seed'], 'articleAutoencoder');
  return autoencoder({ ...ARTICLE_CODER, kind: 'conv', ...options });
}

/**
 * The article's fusion made to work: the article autoencoder's encoder shared by its decoder and by a
 * Dense 10 classifier on the 64-d latent (not on the reconstruction).
 */
export function articleFusion(options: ArticleOptions = {}): Fusion {
  checkKeys(options, ['seed'], 'articleFusion');
  return fusion({ ...ARTICLE_CODER, classes: 10, hidden: [], dropout: 0, ...options });
}
