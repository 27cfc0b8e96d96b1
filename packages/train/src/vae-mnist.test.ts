import { useBackend } from '@aecnn/backends';
import type { Dataset } from '@aecnn/data';
import { mnist } from '@aecnn/data/node';
import { vae } from '@aecnn/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { fit } from './fit';

let train: Dataset;
let test: Dataset;

beforeAll(async () => {
  await useBackend('wasm');
  ({ train, test } = await mnist());
});

describe('vae on the embedded digits (wasm)', () => {
  it('fit trains it with bceSum + kl by default; the held-out negative ELBO falls and kl is logged', async () => {
    const { model } = vae({ inputShape: [28, 28, 1], latentDim: 16, filters: [16, 32], seed: 1 });
    const heldOut = test.take(500);
    const before = await evaluate(model, heldOut);
    const numTensors = tf.memory().numTensors;
    const { history } = await fit(model, train.take(2000), { epochs: 3, seed: 1, validationData: heldOut });
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(Object.keys(history[0]!.terms)).toEqual(['reconstruction', 'kl']);
    for (const e of history) expect(e.terms.kl!).toBeGreaterThan(0);
    // bceSum is nats per image: hundreds at first (784 pixels * ~0.69 untrained), far below after 3 epochs.
    expect(before.negativeElbo!).toBeGreaterThan(400);
    const vals = history.map((e) => e.val!.negativeElbo!);
    expect(vals[2]!).toBeLessThan(vals[0]!);
    const after = await evaluate(model, heldOut);
    expect(after.negativeElbo!).toBeLessThan(0.5 * before.negativeElbo!);
    expect(after.negativeElbo!).toBeCloseTo(after.reconstructionNll! + after.kl!, 3);
    expect(after.kl!).toBeGreaterThan(1);
  }, 300_000);
});
