import { checkInt, checkKeys, type Head, type Model, type ModelOutput } from '@aecnn/layers';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, checkBatchSource, disposeBatch } from './batch';
import { binaryCrossEntropyPerImage, binaryCrossEntropySumPerImage, gaussianKlPerImage } from './losses';
import { msePerImage } from './metrics';

/**
 * How to turn one batch's outputs into one anomaly score per image [batch] (higher = more anomalous): the outputs
 * it reads and the function. `input` is the batch's images [batch, ...inputShape].
 */
export interface AnomalyScoreFn {
  /** Name in errors and results. */
  readonly name: string;
  /** The model outputs (or added losses) the score needs. */
  readonly outputs: readonly Head[];
  readonly perImage: (out: ModelOutput, input: tf.Tensor) => tf.Tensor;
}

/** A built-in anomaly score by name. */
export type AnomalyScoreName = 'mse' | 'bce' | 'elbo';

/** An anomaly score: a built-in name, or an AnomalyScoreFn. */
export type AnomalyScore = AnomalyScoreName | AnomalyScoreFn;

/** Options of anomalyScores. */
export interface AnomalyScoresOptions {
  /** 'mse' (mean squared reconstruction error per image, default), 'bce' (mean binary cross-entropy) or 'elbo' (a VAE's negative ELBO). */
  readonly score?: AnomalyScore;
  /** Images per forward call. Default 256. */
  readonly batchSize?: number;
}

/**
 * The built-in scores: reconstruction error against the clean input, averaged over each image's pixels; 'elbo' is a
 * VAE's negative ELBO in nats (BCE summed over the pixels + KL), decoded from the posterior mean (deterministic).
 */
export const ANOMALY_SCORES: Readonly<Record<AnomalyScoreName, AnomalyScoreFn>> = Object.freeze({
  mse: {
    name: 'mse',
    outputs: ['reconstruction'],
    perImage: (out: ModelOutput, x: tf.Tensor) => msePerImage(out.reconstruction!, x),
  },
  bce: {
    name: 'bce',
    outputs: ['reconstruction'],
    perImage: (out: ModelOutput, x: tf.Tensor) => binaryCrossEntropyPerImage(out.reconstruction!, x),
  },
  elbo: {
    name: 'elbo',
    outputs: ['mean', 'logVar', 'reconstruction'],
    perImage: (out: ModelOutput, x: tf.Tensor) =>
      tf.add(
        binaryCrossEntropySumPerImage(out.reconstruction!, x),
        gaussianKlPerImage(out.mean!, out.logVar!),
      ),
  },
});

/** Resolves a score spec to its function, checking it against the model's outputs. */
export function resolveAnomalyScore(score: AnomalyScore, model: Pick<Model, 'outputNames'>): AnomalyScoreFn {
  let fn: AnomalyScoreFn;
  if (typeof score === 'string' && Object.hasOwn(ANOMALY_SCORES, score)) {
    fn = ANOMALY_SCORES[score as AnomalyScoreName];
  } else if (
    score != null &&
    typeof score === 'object' &&
    typeof score.perImage === 'function' &&
    Array.isArray(score.outputs)
  ) {
    checkKeys(score, ['name', 'outputs', 'perImage'], 'anomalyScores: score');
    fn = score;
  } else {
    throw new Error(
      `anomalyScores: score must be ${Object.keys(ANOMALY_SCORES)
        .map((k) => `'${k}'`)
        .join(' or ')} or { name, outputs, perImage(out, input) }, got ${JSON.stringify(score)}`,
    );
  }
  const missing = fn.outputs.filter((o) => !model.outputNames.includes(o));
  if (missing.length > 0) {
    throw new Error(
      `anomalyScores: score '${fn.name}' needs the model output${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, but the model returns ${model.outputNames.join(', ') || 'nothing'}; use ${fn.name === 'elbo' ? 'a VAE (vae() of @aecnn/models)' : 'a model with a reconstruction (an autoencoder)'}`,
    );
  }
  return fn;
}

/**
 * One anomaly score per image of `data`, in data order (epoch 0, unshuffled): by default the mean squared error of
 * the model's reconstruction in inference mode. Rank them with `rocAuc` / `precisionRecall`.
 */
export async function anomalyScores(
  model: Model,
  data: BatchSource,
  options: AnomalyScoresOptions = {},
): Promise<Float32Array> {
  checkKeys(options, ['score', 'batchSize'], 'anomalyScores');
  checkBatchSource(data, 'anomalyScores: data');
  const batchSize = checkInt('anomalyScores', 'batchSize', options.batchSize ?? 256);
  const score = resolveAnomalyScore(options.score ?? 'mse', model);
  const out = new Float32Array(data.size);
  let filled = 0;
  for await (const batch of data.batches({ batchSize, epoch: 0, shuffle: false, seed: 0 })) {
    let values: tf.Tensor;
    try {
      values = tf.tidy(() => {
        const n = batch.x.shape[0]!;
        const s = score.perImage(model.forward(batch.x, { training: false }, score.outputs), batch.x);
        if (s.rank !== 1 || s.shape[0] !== n) {
          throw new Error(
            `anomalyScores: score '${score.name}' must give one value per image [${n}], got shape [${s.shape}]`,
          );
        }
        return tf.cast(s, 'float32');
      });
    } finally {
      disposeBatch(batch);
    }
    const v = (await values.data()) as Float32Array;
    values.dispose();
    if (filled + v.length > out.length) {
      throw new Error(`anomalyScores: the data source yielded more than its size (${data.size}) images`);
    }
    out.set(v, filled);
    filled += v.length;
  }
  if (filled !== out.length) {
    throw new Error(`anomalyScores: the data source yielded ${filled} images, but its size is ${data.size}`);
  }
  return out;
}
