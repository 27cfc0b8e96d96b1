import { build, dense, flatten, graph, input, reshape } from '@aecnn/layers';
import { describe, expect, it } from 'vitest';
import { DivergenceWatch } from './divergence';
import { DivergedLossError } from './errors';
import { fit } from './fit';
import { bandsSuite, disposeModel, snapshot } from './test-models';

const suite = bandsSuite();

/** A linear autoencoder of the 4x4 band images: plain SGD on it diverges at a large learning rate. */
function linear() {
  const x = input([4, 4, 1]);
  const h = dense({ units: 16 }).apply(flatten().apply(x));
  return build(
    graph({ inputs: x, outputs: { reconstruction: reshape({ targetShape: [4, 4, 1] }).apply(h) } }),
    {
      seed: 1,
    },
  );
}
const DIVERGING = { batchSize: 16, optimizer: 'sgd', learningRate: 5, loss: 'mse', seed: 1 } as const;

describe('divergence', () => {
  it('a loss that fell and rose far diverges; a noisy batch of a loss near zero does not', () => {
    const watch = new DivergenceWatch(100);
    for (const loss of [2, 1, 0.5, 0.01]) expect(watch.diverged(loss)).toBe(false);
    // 50x the minimum but under the first loss: not divergence (an odd batch of a well-fitted loss)
    expect(watch.diverged(0.5)).toBe(false);
    expect(watch.diverged(1.5)).toBe(false);
    // above the first loss, but under 100x the minimum (0.01): still not
    expect(watch.diverged(0.9)).toBe(false);
    expect(watch.seen()).toEqual({ minimum: 0.01, first: 2 });
    expect(watch.diverged(2.5)).toBe(true);
    // losses that are not positive are not judged
    expect(new DivergenceWatch(10).diverged(-3)).toBe(false);
  });

  it('fit stops before applying the step of a diverging loss, naming step, epoch and term', async () => {
    const model = linear();
    const losses: number[] = [];
    let before: Float32Array[] = [];
    const err = await fit(model, suite.source(), {
      ...DIVERGING,
      epochs: 20,
      divergence: 1e3,
      callbacks: {
        onBatchEnd: async (e) => {
          losses.push(e.loss);
          before = await snapshot(model);
        },
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedLossError);
    const e = err as DivergedLossError;
    expect(e.term).toBe('reconstruction');
    expect(e.step).toBe(losses.length + 1);
    expect(e.value).toBeGreaterThan(1e3 * Math.min(...losses));
    expect(e.value).toBeGreaterThan(losses[0]!);
    expect(e.message).toContain(
      `fit: the loss diverged at step ${e.step} (epoch ${e.epoch}, batch ${e.batch})`,
    );
    expect(e.message).toContain('divergence: false turns the check off');
    // the diverging step was not applied: the weights are those after the last good step
    expect(await snapshot(model)).toEqual(before);
    disposeModel(model);
  });

  it('divergence: false lets the same run go on; a bad factor is an error', async () => {
    const model = linear();
    const options = { ...DIVERGING, epochs: 20 } as const;
    // without the check the run goes on to its end, far past where the check stopped it
    const r = await fit(model, suite.source(), { ...options, divergence: false });
    expect(r.stopReason).toBe('completed');
    const losses = r.history.map((h) => h.loss);
    expect(Math.max(...losses)).toBeGreaterThan(1e3 * Math.min(...losses));
    await expect(fit(model, suite.source(), { ...options, divergence: 1 })).rejects.toThrow(
      'fit: divergence must be a finite factor > 1 or false, got 1',
    );
    disposeModel(model);
  });
});
