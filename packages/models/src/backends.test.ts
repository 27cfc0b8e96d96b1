import { useBackend } from '@aecnn/backends';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { articleCnn } from './article';
import { autoencoder } from './autoencoder';
import { featureAutoencoder } from './feature-autoencoder';
import { fusion } from './fusion';
import type { AecnnModel } from './model';

afterAll(async () => {
  await useBackend('cpu');
});

/** Outputs of a forward pass on `backend` as plain arrays. */
async function run(
  model: AecnnModel,
  backend: 'cpu' | 'wasm',
  x: Float32Array,
): Promise<Record<string, Float32Array>> {
  await useBackend(backend);
  const input = tf.tensor(x, [2, ...model.inputShape]);
  const out = model.forward(input, { training: false });
  const arrays = Object.fromEntries(
    Object.entries(out).map(([k, t]) => [k, (t as tf.Tensor).dataSync() as Float32Array]),
  );
  tf.dispose([input, ...Object.values(out)]);
  return arrays;
}

describe('cpu and wasm agree', () => {
  const cases: [string, () => AecnnModel][] = [
    ['fusion (transpose)', () => fusion({ inputShape: [28, 28, 1], seed: 1 }).model],
    [
      'conv autoencoder (upsample, crop, 3 channels)',
      () => autoencoder({ inputShape: [15, 15, 3], filters: [8, 16], upsample: 'upsample', seed: 2 }).model,
    ],
    ['articleCnn', () => articleCnn({ seed: 3 }).model],
    ['featureAutoencoder', () => featureAutoencoder({ seed: 4 }).model],
  ];
  it.each(cases)('%s: every output within 1e-4', async (_, make) => {
    await useBackend('cpu');
    const model = make();
    const size = 2 * model.inputShape.reduce((a, b) => a * b, 1);
    const x = Float32Array.from({ length: size }, (_, i) => ((i * 7919) % 1000) / 1000);
    const onCpu = await run(model, 'cpu', x);
    const onWasm = await run(model, 'wasm', x);
    expect(Object.keys(onWasm)).toEqual(Object.keys(onCpu));
    for (const [head, a] of Object.entries(onCpu)) {
      const b = onWasm[head]!;
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst, `${head}: max |cpu - wasm|`).toBeLessThanOrEqual(1e-4);
    }
  });
});
