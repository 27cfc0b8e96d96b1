import { h } from './h';
import { createVaeSection, type VaeLayout } from './vae-layout';

/** The page's elements that the app reads or updates. */
export interface Layout {
  backendInfo: HTMLElement;
  model: HTMLSelectElement;
  labels: HTMLInputElement;
  epochs: HTMLInputElement;
  batchSize: HTMLInputElement;
  learningRate: HTMLInputElement;
  backend: HTMLSelectElement;
  train: HTMLButtonElement;
  stop: HTMLButtonElement;
  status: HTMLElement;
  save: HTMLButtonElement;
  load: HTMLButtonElement;
  download: HTMLButtonElement;
  downloadOnnx: HTMLButtonElement;
  upload: HTMLInputElement;
  storeStatus: HTMLElement;
  curves: HTMLElement;
  accuracy: HTMLElement;
  size: HTMLSelectElement;
  reconGrid: HTMLElement;
  latent: HTMLElement;
  confusion: HTMLElement;
  modelSummary: HTMLElement;
  latentMethod: HTMLSelectElement;
  padHolder: HTMLElement;
  padClear: HTMLButtonElement;
  padInput: HTMLCanvasElement;
  padRecon: HTMLCanvasElement;
  padPrediction: HTMLElement;
  padProbs: HTMLElement;
  latentDim: HTMLSelectElement;
  vae: VaeLayout;
}

function field(label: string, input: HTMLElement): [HTMLElement, HTMLElement] {
  const id = input.id;
  return [h('label', { for: id }, label), input];
}

/** Builds the page inside `root` and returns its elements. */
export function createLayout(root: HTMLElement, backends: readonly string[]): Layout {
  const model = h(
    'select',
    { id: 'model' },
    h('option', { value: 'fusion' }, 'fusion: autoencoder + classifier'),
    h('option', { value: 'autoencoder' }, 'autoencoder (conv)'),
    h('option', { value: 'cnn' }, 'CNN classifier'),
    h('option', { value: 'vae' }, 'VAE (variational autoencoder)'),
    h('option', { value: 'unet' }, 'U-Net denoiser'),
  );
  const latentDim = h(
    'select',
    { id: 'latent-dim', disabled: true },
    h('option', { value: '16' }, '16'),
    h('option', { value: '2' }, '2 (a plane to explore)'),
  );
  const size = h(
    'select',
    { id: 'size' },
    h('option', { value: 'small' }, 'small (fast)'),
    h('option', { value: 'article' }, "the article's layers"),
  );
  const labels = h('input', { id: 'labels', type: 'number', min: 10, max: 8000, step: 10, value: 8000 });
  const epochs = h('input', { id: 'epochs', type: 'number', min: 1, max: 50, value: 3 });
  const batchSize = h('input', { id: 'batch-size', type: 'number', min: 8, max: 512, step: 8, value: 64 });
  const learningRate = h('input', {
    id: 'learning-rate',
    type: 'number',
    min: 0.0001,
    max: 0.1,
    step: 0.0005,
    value: 0.003,
  });
  const backend = h('select', { id: 'backend' }, ...backends.map((b) => h('option', { value: b }, b)));
  const train = h('button', { id: 'train', class: 'primary' }, 'Train');
  const stop = h('button', { id: 'stop', disabled: true }, 'Stop');
  const status = h('div', { id: 'status', class: 'status' });
  const save = h('button', { id: 'save' }, 'Save to browser');
  const load = h('button', { id: 'load' }, 'Load from browser');
  const download = h('button', { id: 'download' }, 'Download');
  const downloadOnnx = h('button', { id: 'download-onnx' }, 'Download ONNX');
  const upload = h('input', { id: 'upload', type: 'file', multiple: true, accept: '.json,.bin' });
  const storeStatus = h('div', { id: 'store-status', class: 'status' });
  const backendInfo = h('span', { id: 'backend-info', class: 'backend' }, 'starting…');

  const curves = h(
    'div',
    { id: 'curves', class: 'figure' },
    h('p', { class: 'muted' }, 'Train to see the curves.'),
  );
  const accuracy = h('div', { id: 'accuracy', class: 'figure' });
  const reconGrid = h('div', { id: 'recon', class: 'figure' });
  const confusion = h(
    'div',
    { id: 'confusion', class: 'figure' },
    h('p', { class: 'muted' }, 'Shown when a model with a classifier has trained.'),
  );
  const modelSummary = h('pre', { id: 'model-summary', class: 'summary' });
  const latentMethod = h(
    'select',
    { id: 'latent-method' },
    h('option', { value: 'pca' }, 'PCA'),
    h('option', { value: 'umap' }, 'UMAP (slower)'),
  );
  const latent = h(
    'div',
    { id: 'latent', class: 'figure' },
    h('p', { class: 'muted' }, 'Redrawn after each epoch.'),
  );

  const padHolder = h('div');
  const padClear = h('button', { id: 'pad-clear' }, 'Clear');
  const padInput = h('canvas', { id: 'pad-input', class: 'pixelated', width: 28, height: 28 });
  const padRecon = h('canvas', { id: 'pad-recon', class: 'pixelated', width: 28, height: 28 });
  for (const c of [padInput, padRecon]) c.style.width = c.style.height = '84px';
  const padPrediction = h('div', { id: 'pad-prediction', class: 'prediction' }, '–');
  const padProbs = h('div', { id: 'pad-probs', class: 'probs' });
  const vae = createVaeSection();

  root.append(
    h(
      'header',
      {},
      h('h1', {}, 'aecnn playground'),
      h('span', { class: 'backend' }, 'backend: '),
      backendInfo,
    ),
    h(
      'main',
      {},
      h(
        'section',
        { id: 'setup' },
        h('h2', {}, 'Model and training'),
        h(
          'div',
          { class: 'controls' },
          ...field('Model', model),
          ...field('Size', size),
          ...field('Latent size (VAE)', latentDim),
          ...field('Labels used', labels),
          ...field('Epochs', epochs),
          ...field('Batch size', batchSize),
          ...field('Learning rate (Adam)', learningRate),
          ...field('Backend', backend),
        ),
        h('div', { class: 'buttons' }, train, stop),
        status,
        h('details', {}, h('summary', {}, 'Model summary'), modelSummary),
        h('h2', { style: 'margin-top:0.8rem' }, 'Save and load'),
        h('div', { class: 'buttons' }, save, load, download, downloadOnnx),
        h('div', { class: 'buttons' }, h('label', { for: 'upload', class: 'muted' }, 'Load files: '), upload),
        storeStatus,
      ),
      h('section', { id: 'curves-section' }, h('h2', {}, 'Loss and accuracy'), curves, accuracy),
      h(
        'section',
        { id: 'pad-section' },
        h('h2', {}, 'Draw a digit'),
        h(
          'div',
          { class: 'pad-area' },
          h('div', {}, padHolder, h('div', { class: 'buttons' }, padClear)),
          h(
            'div',
            {},
            h('div', { class: 'muted' }, 'model input · reconstruction'),
            h('div', { class: 'buttons' }, padInput, padRecon),
            padPrediction,
          ),
          padProbs,
        ),
      ),
      h(
        'section',
        { id: 'recon-section' },
        h('h2', {}, 'Fixed test digits: reconstructions and predicted classes'),
        reconGrid,
      ),
      vae.section,
      h(
        'section',
        { id: 'latent-section' },
        h('h2', {}, 'Latent space of 500 test digits'),
        h('div', { class: 'controls' }, ...field('Map to 2-D', latentMethod)),
        latent,
      ),
      h(
        'section',
        { id: 'confusion-section' },
        h('h2', {}, 'Confusion matrix of 500 test digits'),
        confusion,
      ),
    ),
  );
  return {
    backendInfo,
    model,
    labels,
    epochs,
    batchSize,
    learningRate,
    backend,
    train,
    stop,
    status,
    save,
    load,
    download,
    downloadOnnx,
    upload,
    storeStatus,
    curves,
    accuracy,
    size,
    reconGrid,
    latent,
    latentMethod,
    confusion,
    modelSummary,
    padHolder,
    padClear,
    padInput,
    padRecon,
    padPrediction,
    padProbs,
    latentDim,
    vae,
  };
}
